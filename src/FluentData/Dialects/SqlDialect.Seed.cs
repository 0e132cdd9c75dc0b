using System.Data.Common;

namespace FluentData.Dialects;

/// <summary>
/// The statements of a seed (<see cref="SeedTables"/>). The rows are staged first, then written
/// range by range of their row numbers (<c>@after</c>, <c>@upto</c>]; every key comparison puts the
/// seeded table's column on the left and names the key's collation, so rows match as the key's
/// unique index matches them, and every change is decided by <see cref="IsDistinct"/>, by what is
/// stored.
/// </summary>
internal abstract partial class SqlDialect
{
    public abstract TableName SeedStage { get; }

    public abstract IReadOnlyList<string?>? UniqueKey(DbConnection connection, DbTransaction? transaction, TableSchema table, IReadOnlyList<ColumnSchema> key);

    public IReadOnlyList<string> SideEffects(DbConnection connection, DbTransaction? transaction, TableSchema table, bool deletes)
    {
        var (sql, parameters) = BuildSideEffects(table, deletes);
        using var command = Execution.Commands.Create(connection, transaction, sql, null, parameters);
        using var reader = command.ExecuteReader();
        var found = new List<string>();
        while (reader.Read())
            found.Add(reader.GetString(0));
        return found;
    }

    /// <summary>The query for <see cref="SideEffects"/>: one row per trigger or foreign key, described.</summary>
    protected abstract (string Sql, (string Name, object? Value)[] Parameters) BuildSideEffects(TableSchema table, bool deletes);

    public virtual string? BuildHoldWrites(TableName table) => null;

    public string BuildDropTable(TableName table) => $"DROP TABLE IF EXISTS {QuoteTable(table)}";

    /// <summary>An empty table with <paramref name="extra"/> first, then the given columns of <paramref name="table"/> in their own types.</summary>
    public virtual string BuildCreateLike(TableName copy, TableSchema table, IReadOnlyList<ColumnSchema> columns, (string Name, string Type) extra) =>
        $"CREATE TABLE {QuoteTable(copy)} AS SELECT CAST(NULL AS {extra.Type}) AS {Quote(extra.Name)}, {ColumnList(columns)} FROM {QuoteTable(table.Name)} WHERE 1 = 0";

    /// <summary>The first pairs of staged rows (their row numbers) with the same key: <c>@limit</c> of them.</summary>
    public string BuildSeedDuplicates(SeedTables seed) =>
        $"SELECT {SelectPrefix}MIN(s.{Quote(SeedTables.RowColumn)}), MAX(s.{Quote(SeedTables.RowColumn)}) FROM {QuoteTable(seed.Stage)} s " +
        $"GROUP BY {string.Join(", ", seed.Key.Select((k, i) => $"s.{Quote(k.Name)}{Collate(seed.Collations[i])}"))} HAVING COUNT(*) > 1 ORDER BY 1{SelectSuffix}";

    /// <summary>Of all staged rows: how many the table lacks, and how many it holds with other values.</summary>
    public string BuildSeedClassify(SeedTables seed) =>
        $"SELECT COUNT(*) - COUNT(t.{Quote(seed.Key[0].Name)}), COALESCE(SUM(CASE WHEN t.{Quote(seed.Key[0].Name)} IS NOT NULL AND ({Differs(seed, "t", "s")}) THEN 1 ELSE 0 END), 0) " +
        $"FROM {QuoteTable(seed.Stage)} s LEFT JOIN {QuoteTable(seed.Table.Name)} t ON {KeyMatch(seed, "t", "s")}";

    /// <summary>Writes the staged rows of the range: each missing row inserted, each row that differs updated, each equal row left alone.</summary>
    public abstract SeedUpsert BuildSeedUpsert(SeedTables seed);

    /// <summary>
    /// Before a range is written: the rows it will update as they are now, and the keys it will
    /// insert, into the undo table — each key once, so a rerun after an interrupted online run keeps
    /// what the table held before the first.
    /// </summary>
    public IReadOnlyList<string> BuildSeedUndoCapture(SeedTables seed)
    {
        var undo = QuoteTable(seed.Undo!.Value);
        var notYet = $"NOT EXISTS (SELECT 1 FROM {undo} u WHERE {KeyMatch(seed, "u", "s")})";
        return
        [
            $"INSERT INTO {undo} ({Quote(SeedTables.ChangeColumn)}, {ColumnList(seed.Columns)}) SELECT 'updated', {ColumnList(seed.Columns, "t")} " +
            $"FROM {QuoteTable(seed.Table.Name)} t JOIN {QuoteTable(seed.Stage)} s ON {KeyMatch(seed, "t", "s")} WHERE {StagedRange("s")} AND ({Differs(seed, "t", "s")}) AND {notYet}",
            $"INSERT INTO {undo} ({Quote(SeedTables.ChangeColumn)}, {ColumnList(seed.Key)}) SELECT 'inserted', {ColumnList(seed.Key, "s")} " +
            $"FROM {QuoteTable(seed.Stage)} s WHERE {StagedRange("s")} AND NOT EXISTS (SELECT 1 FROM {QuoteTable(seed.Table.Name)} t WHERE {KeyMatch(seed, "t", "s")}) AND {notYet}",
        ];
    }

    /// <summary>Rows of the table whose key no staged row has, as a condition on the table (named, not aliased).</summary>
    public string SeedOthers(SeedTables seed) =>
        $"NOT EXISTS (SELECT 1 FROM {QuoteTable(seed.Stage)} s WHERE {KeyMatch(seed, QuoteTable(seed.Table.Name), "s")})";

    /// <summary>The keys of the first <c>@limit</c> rows of the table the seed does not name.</summary>
    public string BuildSeedOtherKeys(SeedTables seed) =>
        $"SELECT {SelectPrefix}{ColumnList(seed.Key)} FROM {QuoteTable(seed.Table.Name)} WHERE {SeedOthers(seed)} ORDER BY {ColumnList(seed.Key)}{SelectSuffix}";

    /// <summary>Deletes the rows the seed does not name; first, for a reversed seed, keeps them whole (both statements count the same rows).</summary>
    public IReadOnlyList<string> BuildSeedDeleteOthers(SeedTables seed, IReadOnlyList<ColumnSchema> kept)
    {
        var delete = $"DELETE FROM {QuoteTable(seed.Table.Name)} WHERE {SeedOthers(seed)}";
        return seed.UndoDeleted is { } undo
            ? [$"INSERT INTO {QuoteTable(undo)} ({Quote(SeedTables.ChangeColumn)}, {ColumnList(kept)}) SELECT 'deleted', {ColumnList(kept)} FROM {QuoteTable(seed.Table.Name)} WHERE {SeedOthers(seed)}", delete]
            : [delete];
    }

    /// <summary>
    /// A generated <c>Down()</c>: deletes the rows the seed inserted, gives the rows it updated their
    /// values from before (<paramref name="restored"/>: the columns it wrote), and inserts the rows it
    /// deleted again (<paramref name="reinserted"/>: their columns), in that order.
    /// </summary>
    public IReadOnlyList<string> BuildSeedRestore(SeedTables seed, IReadOnlyList<ColumnSchema> restored, IReadOnlyList<ColumnSchema>? reinserted)
    {
        var (table, undo) = (QuoteTable(seed.Table.Name), QuoteTable(seed.Undo!.Value));
        var change = Quote(SeedTables.ChangeColumn);
        var statements = new List<string>
        {
            $"DELETE FROM {table} WHERE EXISTS (SELECT 1 FROM {undo} u WHERE u.{change} = 'inserted' AND {KeyMatch(seed, table, "u")})",
            BuildRestoreUpdate(seed, restored),
        };
        if (reinserted is not null)
            statements.Add($"INSERT INTO {table} ({ColumnList(reinserted)}) SELECT {ColumnList(reinserted)} FROM {QuoteTable(seed.UndoDeleted!.Value)} WHERE {change} = 'deleted'");
        return statements;
    }

    /// <summary>The rows the seed updated given back the given columns from the undo table.</summary>
    protected virtual string BuildRestoreUpdate(SeedTables seed, IReadOnlyList<ColumnSchema> restored) =>
        $"UPDATE {QuoteTable(seed.Table.Name)} AS t SET {string.Join(", ", restored.Select(c => $"{Quote(c.Name)} = u.{Quote(c.Name)}"))} " +
        $"FROM {QuoteTable(seed.Undo!.Value)} u WHERE u.{Quote(SeedTables.ChangeColumn)} = 'updated' AND {KeyMatch(seed, "t", "u")}";

    /// <summary>Staged rows with row numbers in (<c>@after</c>, <c>@upto</c>].</summary>
    protected string StagedRange(string alias) =>
        $"{alias}.{Quote(SeedTables.RowColumn)} > @after AND {alias}.{Quote(SeedTables.RowColumn)} <= @upto";

    /// <summary>Whether any column the seed gives differs between the table's row (<paramref name="table"/>) and the seed's (<paramref name="values"/>).</summary>
    protected string Differs(SeedTables seed, string table, string values) =>
        string.Join(" OR ", seed.Columns.Select(c => IsDistinct(c, $"{table}.{Quote(c.Name)}", $"{values}.{Quote(c.Name)}")));

    /// <summary>The key of <paramref name="left"/> (the table's side) equal to the key of <paramref name="right"/>, in the key's collations.</summary>
    protected string KeyMatch(SeedTables seed, string left, string right) =>
        string.Join(" AND ", seed.Key.Select((k, i) => $"{left}.{Quote(k.Name)} = {right}.{Quote(k.Name)}{Collate(seed.Collations[i])}"));

    protected string Collate(string? collation) => collation is null ? "" : $" COLLATE {Quote(collation)}";

    protected string ColumnList(IEnumerable<ColumnSchema> columns, string? alias = null) =>
        string.Join(", ", columns.Select(c => (alias is null ? "" : alias + ".") + Quote(c.Name)));
}
