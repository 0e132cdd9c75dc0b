using System.Text.RegularExpressions;
using FluentMigrator.Expressions;

namespace FluentData.Expressions;

/// <summary>
/// Decides, before <c>Up()</c> runs, how each transform of an <see cref="AutoReversingDataMigration"/>
/// is undone, so that <c>Up()</c> then the generated <c>Down()</c> leaves every row as it was — or
/// refuses the migration before it writes anything:
/// a transform whose target columns <c>Up()</c> itself adds needs no reversal (<c>Down()</c> drops
/// them); a transform without an inverse, or whose <c>Where</c> reads a column it changes (the
/// reversal would see other rows), is refused; the rest are marked to have their data checked as
/// they run (a <c>Map</c>'s rows that already hold a value it produces, a <c>Reverse</c> that does
/// not give each row back). A copy into a table <c>Up()</c> creates goes with the table; any other
/// copy is refused (its rows could not be told from rows inserted after it); a purge reverses only
/// from its archive; a seed of a table <c>Up()</c> creates goes with the table, any other keeps
/// the rows it changes, as they were, for <c>Down()</c> to restore.
/// </summary>
internal static partial class Reversal
{
    public static void Check(IEnumerable<IMigrationExpression> up)
    {
        var created = new List<(string? Schema, string Table, string Column)>();
        var createdTables = new List<(string? Schema, string Table)>();
        var seeds = 0;
        foreach (var expression in up)
        {
            switch (expression)
            {
                case CreateTableExpression table:
                    created.AddRange(table.Columns.Select(c => ((string?)table.SchemaName, table.TableName, c.Name)));
                    createdTables.Add((table.SchemaName, table.TableName));
                    break;
                case CreateColumnExpression column:
                    created.Add((column.SchemaName, column.TableName, column.Column.Name));
                    break;
                case TransformExpression transform when transform.Columns.Count > 0 && transform.Columns.All(c => created.Any(x => Same(x, transform, c))):
                    transform.Reversal = ReversalKind.DroppedByDown;
                    break;
                case TransformExpression transform:
                    Refuse(transform);
                    transform.Reversal = ReversalKind.Checked;
                    break;
                // Exactly the name: on PostgreSQL "Addresses" and "addresses" are two tables (on SQLite one; then the copy is refused, which is safe).
                case CopyExpression copy when createdTables.Any(x => x.Table == copy.TargetTable && (x.Schema ?? "") == (copy.SchemaName ?? "")):
                    copy.Reversal = ReversalKind.DroppedByDown;
                    break;
                case CopyExpression copy:
                    // Throws: the rows it inserts cannot be told from rows inserted later.
                    copy.Reverse();
                    break;
                case SeedExpression seed when createdTables.Any(x => x.Table == seed.TableName && (x.Schema ?? "") == (seed.SchemaName ?? "")):
                    seed.Reversal = ReversalKind.DroppedByDown;
                    break;
                case SeedExpression seed:
                    // Down() restores from what the seed keeps as it runs: one table per seed of the migration.
                    seed.Reversal = ReversalKind.Checked;
                    seed.UndoTable = $"fluentdata_undo_{seed.Migration.Version}_{++seeds}";
                    break;
                case PurgeExpression purge:
                    // Throws unless the rows go to an archive that Down() can move them back from.
                    purge.Reverse();
                    purge.Reversal = ReversalKind.Checked;
                    break;
            }
        }
    }

    private static bool Same((string? Schema, string Table, string Column) created, TransformExpression transform, string column) =>
        string.Equals(created.Table, transform.TableName, StringComparison.OrdinalIgnoreCase)
        && string.Equals(created.Schema ?? "", transform.SchemaName ?? "", StringComparison.OrdinalIgnoreCase)
        && string.Equals(created.Column, column, StringComparison.OrdinalIgnoreCase);

    private static void Refuse(TransformExpression transform)
    {
        // Throws when there is no inverse, with the reason.
        transform.Reverse();
        if (transform.Filter is { } filter && transform.Columns.FirstOrDefault(c => Mentions(filter, c)) is { } column)
        {
            throw new DataMigrationException(
                $"Transform on {transform.Target} in {transform.Migration} cannot be reversed exactly: its Where(\"{filter}\") reads '{column}', " +
                "which the transform changes, so after Up() the generated Down() would pick other rows. Nothing was changed. " +
                (transform.ValueMap is null ? "" : "A Map changes only the values it names, so the Where may not be needed; otherwise ") +
                "derive from DataMigration and write Down() yourself.")
            {
                Migration = transform.Migration,
                Table = transform.TableName,
                Column = column,
            };
        }
    }

    /// <summary>Whether SQL text names a column, outside string literals; quoted or not, any case. Errs towards yes.</summary>
    internal static bool Mentions(string sql, string column) =>
        Identifiers().Matches(Literals().Replace(sql, "''")).Any(m =>
            string.Equals(Unquote(m.Value), column, StringComparison.OrdinalIgnoreCase));

    private static string Unquote(string identifier) =>
        identifier[0] is '"' or '[' or '`' ? identifier[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : identifier;

    [GeneratedRegex("'(?:[^']|'')*'", RegexOptions.CultureInvariant)]
    private static partial Regex Literals();

    [GeneratedRegex(@"""(?:[^""]|"""")*""|\[[^\]]*\]|`[^`]*`|[\p{L}_][\p{L}\p{N}_$]*", RegexOptions.CultureInvariant)]
    private static partial Regex Identifiers();
}
