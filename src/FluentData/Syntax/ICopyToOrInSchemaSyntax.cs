namespace FluentData.Syntax;

/// <summary>The source table's schema, or the table the rows go to.</summary>
public interface ICopyToOrInSchemaSyntax : ICopyToSyntax
{
    /// <summary>The schema of both tables, when not the connection's default.</summary>
    ICopyToSyntax InSchema(string schemaName);
}
