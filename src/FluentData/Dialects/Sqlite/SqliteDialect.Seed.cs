using System.Data.Common;
using FluentData.Execution;

namespace FluentData.Dialects.Sqlite;

/// <summary>
/// A seed on SQLite: staged in a temporary table, written per range with an <c>UPDATE … FROM</c> of
/// the rows that differ, then an <c>INSERT … ON CONFLICT DO NOTHING</c> of the rest — SQLite has one
/// writer at a time, so nothing comes between the two.
/// </summary>
internal sealed partial class SqliteDialect
{
    public override TableName SeedStage => new("temp", "fluentdata_seed");

    public override SeedUpsert BuildSeedUpsert(SeedTables seed) =>
        new([
            ($"UPDATE {QuoteTable(seed.Table.Name)} AS t SET {string.Join(", ", seed.Columns.Select(c => $"{Quote(c.Name)} = s.{Quote(c.Name)}"))} " +
             $"FROM {QuoteTable(seed.Stage)} AS s WHERE {KeyMatch(seed, "t", "s")} AND {StagedRange("s")} AND ({Differs(seed, "t", "s")})", SeedUpsertCount.Updated),
            ($"INSERT INTO {QuoteTable(seed.Table.Name)} ({ColumnList(seed.Columns)}) SELECT {ColumnList(seed.Columns, "s")} FROM {QuoteTable(seed.Stage)} AS s " +
             $"WHERE {StagedRange("s")} ON CONFLICT ({ColumnList(seed.Key)}) DO NOTHING", SeedUpsertCount.Inserted),
        ]);

    protected override (string Sql, (string Name, object? Value)[] Parameters) BuildSideEffects(TableSchema table, bool deletes)
    {
        var master = table.Name.Schema is null ? "sqlite_master" : $"{Quote(table.Name.Schema)}.sqlite_master";
        return ($"SELECT 'trigger \"' || name || '\"' FROM {master} WHERE type = 'trigger' AND tbl_name = @table COLLATE NOCASE " +
                $"UNION ALL SELECT 'foreign key of \"' || m.name || '\" (ON DELETE ' || f.on_delete || ')' FROM {master} m, pragma_foreign_key_list(m.name) f " +
                "WHERE @deletes AND m.type = 'table' AND f.\"table\" = @table COLLATE NOCASE AND f.on_delete IN ('CASCADE', 'SET NULL', 'SET DEFAULT')",
            [("@table", table.Name.Name), ("@deletes", deletes)]);
    }

    /// <summary>
    /// The unique index on exactly the key's columns, with the collation it compares each in; a
    /// rowid primary key has no index of its own and compares integers.
    /// </summary>
    public override IReadOnlyList<string?>? UniqueKey(DbConnection connection, DbTransaction? transaction, TableSchema table, IReadOnlyList<ColumnSchema> key)
    {
        var schema = table.Name.Schema is null ? "" : ", @schema";
        var columns = new List<(string Index, string? Column, string? Collation)>();
        using (var command = Commands.Create(connection, transaction,
                   $"SELECT l.name, x.name, x.coll FROM pragma_index_list(@table{schema}) l, pragma_index_xinfo(l.name{schema}) x " +
                   "WHERE l.\"unique\" = 1 AND l.partial = 0 AND x.key = 1 ORDER BY l.seq, x.seqno", null,
                   [("@table", table.Name.Name), .. table.Name.Schema is { } s ? new[] { ("@schema", (object?)s) } : []]))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                columns.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        foreach (var index in columns.GroupBy(c => c.Index))
        {
            var byName = index.ToList();
            if (byName.Count == key.Count && key.All(k => byName.Any(c => string.Equals(c.Column, k.Name, StringComparison.OrdinalIgnoreCase))))
                return [.. key.Select(k => byName.First(c => string.Equals(c.Column, k.Name, StringComparison.OrdinalIgnoreCase)).Collation)];
        }

        var primary = table.KeySource == "primary key" ? table.KeyColumns : [];
        return primary.Count == key.Count && key.All(k => primary.Any(p => p.Name == k.Name)) ? new string?[key.Count] : null;
    }
}
