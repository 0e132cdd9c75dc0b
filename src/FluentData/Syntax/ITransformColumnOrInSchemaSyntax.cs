namespace FluentData.Syntax;

/// <summary>After <c>Table(...)</c>: optionally the schema, then the target column(s).</summary>
public interface ITransformColumnOrInSchemaSyntax : ITransformColumnSyntax
{
    /// <summary>The schema that holds the table; without it, the connection's default schema.</summary>
    ITransformColumnSyntax InSchema(string schemaName);
}
