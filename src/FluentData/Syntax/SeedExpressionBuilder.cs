using FluentData.Expressions;

namespace FluentData.Syntax;

/// <summary>Implements every step of the seed syntax by filling one <see cref="SeedExpression"/>.</summary>
internal sealed class SeedExpressionBuilder(SeedExpression expression) : ISeedKeyOrInSchemaSyntax, ISeedRowsSyntax, ISeedOptionsSyntax
{
    public ISeedKeySyntax InSchema(string schemaName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schemaName);
        expression.SchemaName = schemaName;
        return this;
    }

    public ISeedRowsSyntax Key(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        expression.KeyColumns = [.. columns];
        return this;
    }

    public ISeedOptionsSyntax Rows(params object[] rows) => Rows((IEnumerable<object>)rows);

    public ISeedOptionsSyntax Rows(IEnumerable<object> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        expression.Rows = [.. rows];
        return this;
    }

    public ISeedOptionsSyntax FromCsv(string path) => From(path, SeedFileFormat.Csv);

    public ISeedOptionsSyntax FromJson(string path) => From(path, SeedFileFormat.Json);

    private SeedExpressionBuilder From(string path, SeedFileFormat format)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        expression.FilePath = path;
        expression.FileFormat = format;
        return this;
    }

    public ISeedOptionsSyntax DeleteOthers()
    {
        expression.DeleteOthers = true;
        return this;
    }

    public ISeedOptionsSyntax InBatchesOf(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        expression.BatchSize = rows;
        return this;
    }
}
