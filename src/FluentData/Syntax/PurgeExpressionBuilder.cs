using FluentData.Expressions;

namespace FluentData.Syntax;

/// <summary>Implements every step of the purge syntax by filling one <see cref="PurgeExpression"/>.</summary>
internal sealed class PurgeExpressionBuilder(PurgeExpression expression) : IPurgeRowsOrInSchemaSyntax, IPurgeOptionsSyntax
{
    public IPurgeRowsSyntax InSchema(string schemaName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schemaName);
        expression.SchemaName = schemaName;
        return this;
    }

    public IPurgeOptionsSyntax Where(string sqlPredicate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sqlPredicate);
        expression.Filter = sqlPredicate;
        return this;
    }

    public IPurgeOptionsSyntax AllRows()
    {
        expression.AllRows = true;
        return this;
    }

    public IPurgeOptionsSyntax InBatchesOf(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        expression.BatchSize = rows;
        return this;
    }

    public IPurgeOptionsSyntax ArchiveTo(string archiveTable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(archiveTable);
        expression.ArchiveTable = archiveTable;
        return this;
    }

    public IPurgeOptionsSyntax ThrottleBy(TimeSpan pauseBetweenBatches)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pauseBetweenBatches, TimeSpan.Zero);
        expression.Throttle = pauseBetweenBatches;
        return this;
    }
}
