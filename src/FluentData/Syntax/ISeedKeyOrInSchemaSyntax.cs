namespace FluentData.Syntax;

/// <summary>After <c>Table(...)</c>: optionally the schema, then the key.</summary>
public interface ISeedKeyOrInSchemaSyntax : ISeedKeySyntax
{
    /// <summary>The schema that holds the table; without it, the connection's default schema.</summary>
    ISeedKeySyntax InSchema(string schemaName);
}
