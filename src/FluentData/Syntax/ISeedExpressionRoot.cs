namespace FluentData.Syntax;

/// <summary>The root of seeds: <c>Seed.Table("countries").Key("code").FromCsv("Seeds/countries.csv")</c>.</summary>
public interface ISeedExpressionRoot : IFluentSyntax
{
    /// <summary>
    /// Starts a seed of <paramref name="tableName"/>: reference rows kept in step with the code. Each
    /// run inserts the rows the table lacks, updates those that differ and leaves equal rows unwritten,
    /// matching rows by the key columns; rows of the table the seed does not name are reported, and
    /// deleted only with <c>DeleteOthers()</c>.
    /// </summary>
    /// <param name="tableName">The table, as the database names it.</param>
    ISeedKeyOrInSchemaSyntax Table(string tableName);
}
