using System.Data.Common;
using FluentData.Dialects;
using FluentData.Execution;

namespace FluentData.Postgres;

/// <summary>A seed on PostgreSQL: staged in a temporary table, written with one <c>INSERT … ON CONFLICT</c> per range that counts what it inserted and updated.</summary>
internal sealed partial class PostgresDialect
{
    public override TableName SeedStage => new("pg_temp", "fluentdata_seed");

    /// <summary>SHARE ROW EXCLUSIVE: no other session inserts, updates or deletes; reads go on.</summary>
    public override string? BuildHoldWrites(TableName table) => $"LOCK TABLE {QuoteTable(table)} IN SHARE ROW EXCLUSIVE MODE";

    /// <summary>
    /// One statement, so no other session's write can come between deciding and writing; a row it
    /// inserted has no <c>xmax</c> yet, a row it updated does.
    /// </summary>
    public override SeedUpsert BuildSeedUpsert(SeedTables seed) =>
        new([(
            $"WITH written AS (INSERT INTO {QuoteTable(seed.Table.Name)} AS t ({ColumnList(seed.Columns)}) SELECT {ColumnList(seed.Columns, "s")} " +
            $"FROM {QuoteTable(seed.Stage)} s WHERE {StagedRange("s")} ON CONFLICT ({ColumnList(seed.Key)}) DO UPDATE SET " +
            $"{string.Join(", ", seed.Columns.Select(c => $"{Quote(c.Name)} = EXCLUDED.{Quote(c.Name)}"))} WHERE {Differs(seed, "t", "EXCLUDED")} " +
            "RETURNING (t.xmax = 0) AS inserted) SELECT COUNT(*) FILTER (WHERE inserted), COUNT(*) FILTER (WHERE NOT inserted) FROM written",
            SeedUpsertCount.InsertedThenUpdated)]);

    protected override (string Sql, (string Name, object? Value)[] Parameters) BuildSideEffects(TableSchema table, bool deletes) =>
        ("SELECT 'trigger \"' || tgname || '\"' FROM pg_catalog.pg_trigger WHERE tgrelid = to_regclass(@table) AND NOT tgisinternal AND tgenabled <> 'D' " +
         "UNION ALL SELECT 'foreign key \"' || conname || '\" of ' || conrelid::regclass::text || ' (ON DELETE ' || " +
         "CASE confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT' END || ')' " +
         "FROM pg_catalog.pg_constraint WHERE @deletes AND contype = 'f' AND confrelid = to_regclass(@table) AND confdeltype IN ('c', 'n', 'd')",
         [("@table", QuoteTable(table.Name)), ("@deletes", deletes)]);

    /// <summary>A unique index (or the primary key) on exactly the key's columns, checked at once and over every row, as <c>ON CONFLICT</c> needs.</summary>
    internal const string UniqueKeyQuery =
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = to_regclass(@table) AND i.indisunique AND i.indimmediate " +
        "AND i.indpred IS NULL AND i.indexprs IS NULL AND i.indnkeyatts = @count AND (SELECT array_agg(a.attname::text) " +
        "FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n) JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum " +
        "WHERE k.n <= i.indnkeyatts) @> @names)";

    public override IReadOnlyList<string?>? UniqueKey(DbConnection connection, DbTransaction? transaction, TableSchema table, IReadOnlyList<ColumnSchema> key)
    {
        using var command = Commands.Create(connection, transaction, UniqueKeyQuery, null,
            ("@table", QuoteTable(table.Name)), ("@count", (short)key.Count), ("@names", key.Select(k => k.Name).ToArray()));
        return command.ExecuteScalar() is true ? new string?[key.Count] : null;
    }
}
