namespace FluentData.Syntax.Verify;

/// <summary>After <c>Verify.Table(...)</c>: optionally the schema, then the check.</summary>
public interface IVerifyTableOrInSchemaSyntax : IVerifyTableSyntax
{
    /// <summary>The schema that holds the table; without it, the connection's default schema.</summary>
    IVerifyTableSyntax InSchema(string schemaName);
}
