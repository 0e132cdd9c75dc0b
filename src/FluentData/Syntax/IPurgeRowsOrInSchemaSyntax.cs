namespace FluentData.Syntax;

/// <summary>After <c>Table(...)</c>: optionally the schema, then which rows.</summary>
public interface IPurgeRowsOrInSchemaSyntax : IPurgeRowsSyntax
{
    /// <summary>The schema that holds the table; without it, the connection's default schema.</summary>
    IPurgeRowsSyntax InSchema(string schemaName);
}
