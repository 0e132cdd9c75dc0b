using System.Data;
using System.Data.Common;

namespace FluentData.Dialects;

/// <summary>
/// Everything that differs per database: quoting, reading the catalog, the keyset query and the
/// batch write. Building SQL is pure (schema in, text out) so its text can be tested exactly.
/// </summary>
internal interface IDataDialect
{
    /// <summary>The database's name in messages, e.g. "PostgreSQL".</summary>
    string Name { get; }

    /// <summary>Whether this dialect speaks to the given connection's database.</summary>
    bool CanHandle(IDbConnection connection);

    /// <summary>Whether this dialect goes with FluentMigrator's processor of that id.</summary>
    bool HandlesProcessor(string processorId);

    /// <summary>The database-wide lock that keeps a second runner waiting while one migrates.</summary>
    IDatabaseLock CreateLock(string connectionString);

    /// <summary>The batch size used when a transform does not set one, chosen by measurement (bench/README.md).</summary>
    int DefaultBatchSize { get; }

    /// <summary>The same for transforms the database evaluates (UsingSql, Map): no rows travel, so fewer, larger statements win.</summary>
    int DefaultServerSideBatchSize { get; }

    /// <summary>Whether a failed statement leaves the transaction unusable (PostgreSQL) rather than rolling back only itself (SQLite).</summary>
    bool FailedStatementAbortsTransaction { get; }

    /// <summary>A parameter as it appears in SQL where its type must be the column's (e.g. in a CASE): <c>CAST(@p AS type)</c> where needed.</summary>
    string TypedParameter(string name, ColumnSchema column);

    /// <summary>Quotes one identifier (table, column or schema name).</summary>
    string Quote(string identifier);

    /// <summary>Quotes a table name, with its schema when it has one.</summary>
    string QuoteTable(TableName table);

    /// <summary>Creates FluentData's checkpoint table unless it exists.</summary>
    string BuildCreateCheckpointTable(TableName table);

    /// <summary>How many rows the transform will touch: a count when cheap, else the database's estimate.</summary>
    (long Rows, bool IsEstimate)? CountRows(DbConnection connection, DbTransaction? transaction, TableSchema table, string? filter);

    /// <summary>The table's columns, or <see langword="null"/> when the table does not exist.</summary>
    TableSchema? ReadSchema(DbConnection connection, DbTransaction? transaction, TableName table);

    /// <summary>
    /// The keyset query: the given columns, rows after <c>@after</c> (when
    /// <paramref name="afterKey"/>) matching <paramref name="filter"/>, in key order, at most <c>@limit</c>.
    /// </summary>
    string BuildSelectBatch(TableSchema table, IReadOnlyList<ColumnSchema> columns, string? filter, bool afterKey);

    /// <summary>The key and the given columns of the rows with keys from <c>@first</c> to <c>@last</c>: a column a batch turned out to need.</summary>
    string BuildSelectKeyRange(TableSchema table, IReadOnlyList<ColumnSchema> columns);

    /// <summary>
    /// The end of the next key range of at most <c>@offset + 1</c> rows after <c>@after</c> (when
    /// <paramref name="afterKey"/>) that match <paramref name="filter"/>; no row when fewer remain.
    /// </summary>
    string BuildRangeEnd(TableSchema table, string? filter, bool afterKey);

    /// <summary>The smallest key after <c>@after</c> (when <paramref name="afterKey"/>), whatever the filter: one index probe.</summary>
    string BuildRangeMin(TableSchema table, bool afterKey);

    /// <summary>The largest key after <c>@after</c> that matches <paramref name="filter"/>: the end of the last range.</summary>
    string BuildRangeMax(TableSchema table, string? filter, bool afterKey);

    /// <summary>Sets each target to its SQL value for the rows with keys in (<c>@after</c>, <c>@upto</c>] that match <paramref name="filter"/>.</summary>
    string BuildRangeUpdate(TableSchema table, IReadOnlyList<(ColumnSchema Column, string Value)> assignments, string? filter, bool afterKey);

    /// <summary>The keys in (<c>@after</c>, <c>@upto</c>] that match <paramref name="filter"/>, in order.</summary>
    string BuildRangeKeys(TableSchema table, string? filter, bool afterKey);

    /// <summary>Sets each target to its SQL value for the row with key <c>@key</c>: used to find a refused row.</summary>
    string BuildKeyUpdate(TableSchema table, IReadOnlyList<(ColumnSchema Column, string Value)> assignments);

    /// <summary>
    /// Makes <paramref name="function"/> callable from SQL as <paramref name="name"/> on this
    /// connection, when the database runs in-process (SQLite); null when it cannot.
    /// </summary>
    /// <remarks>
    /// The function is called as <c>name(target, column1, column2, ...)</c> with every column in
    /// table order — without the target argument when there is only one target — and is given
    /// the target's index and the row's values.
    /// </remarks>
    IDisposable? RegisterFunction(DbConnection connection, string name, int columns, int targets, Func<int, Execution.IRowSource, object?> function);

    /// <summary>How many rows match <paramref name="condition"/> (all rows when null).</summary>
    string BuildCount(TableSchema table, string? condition);

    /// <summary>The keys of the first <c>@limit</c> rows that match <paramref name="condition"/>, in key order.</summary>
    string BuildFindKeys(TableSchema table, string condition);

    /// <summary>
    /// A second connection that can read the transform's next batches while the migration's
    /// connection writes the current one, or null when the reads must stay on the migration's
    /// connection (it could not see what they would see, or the database gains nothing).
    /// </summary>
    ReadAheadConnection? OpenReadAhead(DbConnection connection, DbTransaction? transaction, TableSchema table);

    /// <summary>A writer for the given target columns, reused for every batch of one transform.</summary>
    IBatchWriter CreateWriter(TableSchema table, IReadOnlyList<ColumnSchema> targets);
}
