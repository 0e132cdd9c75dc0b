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

    /// <summary>Whether any value read from a column can be written back to it unchanged as the driver gave it (SQLite: its four storage kinds).</summary>
    bool WritesReadValuesExactly { get; }

    /// <summary>
    /// A hidden column whose value changes whenever a row is written (PostgreSQL's <c>xmin</c>): read
    /// with every row, so a write can require the row to be as read. Null where the write compares
    /// the values read instead.
    /// </summary>
    ColumnSchema? RowVersion { get; }

    /// <summary>A parameter as it appears in SQL where its type must be the column's (comparisons, a CASE): <c>CAST(@p AS type)</c> where needed.</summary>
    string TypedParameter(string name, ColumnSchema column);

    /// <summary>
    /// Checks a value a transform returned against its column and converts it to what the driver
    /// sends, refusing anything the database would store differently. Returns the problem in words, or null.
    /// </summary>
    string? CheckValue(ColumnSchema column, ref object? value);

    /// <summary>
    /// The target columns as written: where a database stores one type in several ways (SQLite
    /// dates and GUIDs), each target learns the way its column already does, so a value is
    /// written in that form or refused.
    /// </summary>
    IReadOnlyList<ColumnSchema> DescribeTargets(DbConnection connection, DbTransaction? transaction, TableSchema table, IReadOnlyList<ColumnSchema> targets);

    /// <summary>One value of a row when the driver's default read of the row failed on it; throws when it cannot be read at all.</summary>
    object ReadValue(DbDataReader reader, int ordinal, ColumnSchema column);

    /// <summary>A hint for a table name that was not found, e.g. "Did you mean 'Genre'?", or null.</summary>
    string? SuggestTable(DbConnection connection, DbTransaction? transaction, TableName table);

    /// <summary>The key compared with parameters <c>@{prefix}0</c>, <c>@{prefix}1</c>..., one per key column, in the key's own types.</summary>
    string KeyCompare(TableSchema table, string op, string prefix, string? alias = null);

    /// <summary>Quotes one identifier (table, column or schema name).</summary>
    string Quote(string identifier);

    /// <summary>Quotes a table name, with its schema when it has one.</summary>
    string QuoteTable(TableName table);

    /// <summary>Creates FluentData's checkpoint table unless it exists.</summary>
    string BuildCreateCheckpointTable(TableName table);

    /// <summary>
    /// Creates the table of the parts an online transform on several connections split the rest of
    /// its table into, each with its own progress, unless it exists.
    /// </summary>
    string BuildCreateCheckpointRangesTable(TableName table);

    /// <summary>Creates FluentData's history table (the fingerprint of each applied data migration) unless it exists.</summary>
    string BuildCreateHistoryTable(TableName table);

    /// <summary>Adds the exact resume key column to a checkpoint table an earlier version created.</summary>
    string BuildAddCheckpointState(TableName table);

    /// <summary>How many rows the transform will touch: a count when cheap, else the database's estimate.</summary>
    (long Rows, bool IsEstimate)? CountRows(DbConnection connection, DbTransaction? transaction, TableSchema table, string? filter);

    /// <summary>The table's columns, or <see langword="null"/> when the table does not exist.</summary>
    TableSchema? ReadSchema(DbConnection connection, DbTransaction? transaction, TableName table);

    /// <summary>
    /// The keyset query: the given columns, rows after the key <c>@after0</c>, <c>@after1</c>... (when
    /// <paramref name="afterKey"/>) and up to <c>@until</c> (when <paramref name="untilKey"/>: the end of
    /// a part of the table, when several connections share it) matching <paramref name="filter"/>,
    /// in key order, at most <c>@limit</c>. Every key parameter below is one per key column in the same way.
    /// </summary>
    string BuildSelectBatch(TableSchema table, IReadOnlyList<ColumnSchema> columns, string? filter, bool afterKey, bool untilKey = false);

    /// <summary>The given columns of the rows with keys from <c>@first</c> to <c>@last</c> that match <paramref name="filter"/>, in no particular order.</summary>
    string BuildSelectKeyRange(TableSchema table, IReadOnlyList<ColumnSchema> columns, string? filter = null);

    /// <summary>
    /// The end of the next key range of at most <c>@offset + 1</c> rows after <c>@after</c> (when
    /// <paramref name="afterKey"/>) that match <paramref name="filter"/>; no row when fewer remain.
    /// </summary>
    string BuildRangeEnd(TableSchema table, string? filter, bool afterKey, bool untilKey = false);

    /// <summary>The smallest key after <c>@after</c> (when <paramref name="afterKey"/>), whatever the filter: one index probe (single-column integer keys).</summary>
    string BuildRangeMin(TableSchema table, bool afterKey, bool untilKey = false);

    /// <summary>The largest key after <c>@after</c> that matches <paramref name="filter"/>: the end of the last range (<c>@limit</c> is 1).</summary>
    string BuildRangeLast(TableSchema table, string? filter, bool afterKey, bool untilKey = false);

    /// <summary>
    /// Sets each target to its SQL value for the rows with keys in (<c>@after</c>, <c>@upto</c>] that
    /// match <paramref name="filter"/> — and <paramref name="onlyWhen"/>, which keeps unchanged rows unwritten.
    /// </summary>
    string BuildRangeUpdate(TableSchema table, IReadOnlyList<(ColumnSchema Column, string Value)> assignments, string? filter, bool afterKey, string? onlyWhen = null);

    /// <summary>How many rows with keys in (<c>@after</c>, <c>@upto</c>] match <paramref name="filter"/>.</summary>
    string BuildRangeCount(TableSchema table, string? filter, bool afterKey);

    /// <summary>Deletes the rows with keys in (<c>@after</c>, <c>@upto</c>] (or up to <c>@upto</c>) that match <paramref name="filter"/>.</summary>
    string BuildRangeDelete(TableSchema table, string? filter, bool afterKey);

    /// <summary>
    /// Moves the rows <see cref="BuildRangeDelete"/> would delete into <paramref name="archive"/>
    /// (the given columns, by name): one statement where the database can delete and insert in one
    /// (returning a row of the rows it inserted and the rows it deleted), else an INSERT … SELECT
    /// then the DELETE, run in order in one transaction; the counts must agree.
    /// </summary>
    IReadOnlyList<string> BuildRangeArchive(TableSchema table, TableName archive, IReadOnlyList<ColumnSchema> columns, string? filter, bool afterKey);

    /// <summary>
    /// Inserts into <paramref name="target"/> one row per row of <paramref name="source"/> with a key
    /// in (<c>@after</c>, <c>@upto</c>] that matches <paramref name="filter"/>: each of the given
    /// target columns set to its SQL value, computed from the source row by the database.
    /// </summary>
    string BuildRangeCopy(TableSchema source, TableName target, IReadOnlyList<(ColumnSchema Column, string Value)> columns, string? filter, bool afterKey);

    /// <summary>The key, the column and its new SQL value of the first <c>@limit</c> rows of the range the value would change.</summary>
    string BuildRangeChanges(TableSchema table, ColumnSchema column, string value, string? filter, bool afterKey);

    /// <summary>
    /// Whether the database aborted a statement because of a concurrent session — a serialization
    /// failure or a deadlock — so that the same work, run again in a new transaction, can succeed.
    /// </summary>
    bool IsConflict(DbException error);

    /// <summary>Whether a column's stored value (<paramref name="left"/>) and a new value differ, NULL-aware, as stored.</summary>
    string IsDistinct(ColumnSchema column, string left, string right);

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

    /// <summary>A <see cref="IChangeCounter"/> callable from SQL on this connection when the database runs in-process (SQLite); null otherwise.</summary>
    IChangeCounter? RegisterChangeCounter(DbConnection connection, string name);

    /// <summary>How many rows match <paramref name="condition"/> (all rows when null).</summary>
    string BuildCount(TableSchema table, string? condition);

    /// <summary>The key columns of the first <c>@limit</c> rows that match <paramref name="condition"/>, in key order.</summary>
    string BuildFindKeys(TableSchema table, string condition);

    /// <summary>
    /// A second connection that can read the transform's next batches while the migration's
    /// connection writes the current one, or null when the reads must stay on the migration's
    /// connection (it could not see what they would see, or the database gains nothing).
    /// </summary>
    ReadAheadConnection? OpenReadAhead(DbConnection connection, DbTransaction? transaction, TableSchema table);

    /// <summary>A writer for the given target columns, reused for every batch of one transform.</summary>
    IBatchWriter CreateWriter(TableSchema table, IReadOnlyList<ColumnSchema> targets);

    /// <summary>An inserter of new rows into the given columns of <paramref name="table"/>, reused for every batch of one copy.</summary>
    IRowInserter CreateInserter(TableSchema table, IReadOnlyList<ColumnSchema> columns);

    /// <summary>Whether inserting into the table inserts its rows and does nothing else: no trigger, no rule.</summary>
    bool InsertsOnlyRows(DbConnection connection, DbTransaction? transaction, TableSchema table);

    /// <summary>
    /// After a copy wrote values into columns that take their default from a sequence (PostgreSQL
    /// serial and identity BY DEFAULT columns): each such sequence moved past the largest value now in
    /// its column, so the application's next insert does not collide with a copied row. Returns the
    /// sequences moved and their new values; nothing where the database keeps no such sequence.
    /// </summary>
    IReadOnlyList<(string Column, string Sequence, long Value)> AdvanceSequences(DbConnection connection, DbTransaction? transaction, TableSchema table, IReadOnlyList<ColumnSchema> written);

    /// <summary>Where a seed stages its rows: a table only this connection sees (a temporary table), dropped after the seed.</summary>
    TableName SeedStage { get; }

    /// <summary>
    /// The collation each of <paramref name="key"/>'s columns is compared in by the table's primary
    /// key or unique index on exactly those columns (null for the column's own), which a seed's
    /// upsert relies on; null when the table has no such key.
    /// </summary>
    IReadOnlyList<string?>? UniqueKey(DbConnection connection, DbTransaction? transaction, TableSchema table, IReadOnlyList<ColumnSchema> key);

    /// <summary>
    /// What else writing the table's rows writes, which undoing the writes would not undo: its
    /// triggers, and — when <paramref name="deletes"/> — foreign keys of other tables whose rows a
    /// delete cascades to, nulls or resets. In words, one each; empty when there is none.
    /// </summary>
    IReadOnlyList<string> SideEffects(DbConnection connection, DbTransaction? transaction, TableSchema table, bool deletes);

    /// <summary>
    /// Keeps other sessions from writing the table until the transaction ends, reads still allowed:
    /// a reversed seed's capture of what a batch changes and the batch's write must see the same
    /// rows. Null where the database has one writer at a time (SQLite).
    /// </summary>
    string? BuildHoldWrites(TableName table);

    /// <summary>Drops a table when it exists.</summary>
    string BuildDropTable(TableName table);

    /// <summary>An empty table with <paramref name="extra"/> first, then the given columns of <paramref name="table"/> in their own types.</summary>
    string BuildCreateLike(TableName copy, TableSchema table, IReadOnlyList<ColumnSchema> columns, (string Name, string Type) extra);

    /// <summary>The first <c>@limit</c> pairs of staged seed rows (their row numbers) with the same key.</summary>
    string BuildSeedDuplicates(SeedTables seed);

    /// <summary>Of all staged seed rows: how many the table lacks, and how many it holds with other values.</summary>
    string BuildSeedClassify(SeedTables seed);

    /// <summary>Writes the staged seed rows numbered (<c>@after</c>, <c>@upto</c>]: missing rows inserted, rows that differ updated, equal rows left alone.</summary>
    SeedUpsert BuildSeedUpsert(SeedTables seed);

    /// <summary>Before a range of a reversed seed is written: the rows it will update as they are, the keys it will insert.</summary>
    IReadOnlyList<string> BuildSeedUndoCapture(SeedTables seed);

    /// <summary>Rows of the seeded table whose key no staged row has, as a condition on the table.</summary>
    string SeedOthers(SeedTables seed);

    /// <summary>The seed key of the first <c>@limit</c> rows of the table the seed does not name.</summary>
    string BuildSeedOtherKeys(SeedTables seed);

    /// <summary>Deletes the rows the seed does not name; for a reversed seed, keeps the <paramref name="kept"/> columns of each first.</summary>
    IReadOnlyList<string> BuildSeedDeleteOthers(SeedTables seed, IReadOnlyList<ColumnSchema> kept);

    /// <summary>A reversed seed's <c>Down()</c>: inserted rows deleted, updated rows restored, deleted rows inserted again.</summary>
    IReadOnlyList<string> BuildSeedRestore(SeedTables seed, IReadOnlyList<ColumnSchema> restored, IReadOnlyList<ColumnSchema>? reinserted);
}
