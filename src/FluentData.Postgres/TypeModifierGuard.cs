using System.Data.Common;
using System.Text.RegularExpressions;
using FluentData.Dialects;
using Npgsql;

namespace FluentData.Postgres;

/// <summary>
/// Values that travel as text are cast to their column's type, and an explicit cast applies the
/// type's modifier silently — <c>'{abcdefgh}'::varchar(5)[]</c> is <c>{abcde}</c>,
/// <c>'1010'::bit(3)</c> is <c>101</c> (where an INSERT would refuse them), <c>'1.5 s'::interval(0)</c>
/// is 2 s and <c>{1.234}</c> in <c>numeric(5,2)[]</c> is <c>{1.23}</c> (which an INSERT would round
/// too; a value FluentData writes is never rounded). Before a batch is written, its values for such columns are compared
/// with themselves cast without the modifier; a value the modifier changes fails the write as the
/// database refusing it, naming the column and the value.
/// </summary>
internal sealed partial class TypeModifierGuard(IReadOnlyList<ColumnSchema> columns)
{
    // The columns whose values a modifier could change, and the query that finds the first such value, worked out once.
    private readonly int[] _checked = Enumerable.Range(0, columns.Count).Where(i => Needs(columns[i])).ToArray();
    private string? _sql;

    /// <summary>The query finding the first value the modifier changes, over parameters <c>@c{i}</c>.</summary>
    private string BuildCheck()
    {
        string Changes(int i) => $"v.c{i}::{columns[i].SqlType} IS DISTINCT FROM v.c{i}::{Unmodified(columns[i].DataType)}";
        var cases = string.Concat(_checked.Select(i => $" WHEN {Changes(i)} THEN {i}"));
        var stored = string.Concat(_checked.Select(i => $" WHEN {Changes(i)} THEN v.c{i}::{columns[i].SqlType}::text"));
        var original = string.Concat(_checked.Select(i => $" WHEN {Changes(i)} THEN v.c{i}"));
        return $"SELECT v.i, CASE{cases} END, CASE{original} END, CASE{stored} END " +
               $"FROM unnest({string.Join(", ", _checked.Select(i => $"@c{i}::text[]"))}) WITH ORDINALITY AS v({string.Join(", ", _checked.Select(i => $"c{i}"))}, i) " +
               $"WHERE {string.Join(" OR ", _checked.Select(Changes))} LIMIT 1";
    }

    /// <summary>
    /// Runs the check over the batch's own parameters (<c>@c{i}</c>, one per column, copied: the
    /// write uses them next); throws when a value of row <c>i</c> (from 0) would change, with the row's description.
    /// </summary>
    public void Check(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<NpgsqlParameter> parameters, Func<int, string> describeRow)
    {
        if (_checked.Length == 0)
            return;

        using var command = new NpgsqlCommand(_sql ??= BuildCheck(), connection, transaction);
        foreach (var i in _checked)
            command.Parameters.Add(parameters[i].Clone());

        using var reader = command.ExecuteReader();
        if (!reader.Read())
            return;
        var column = columns[reader.GetInt32(1)];
        throw new ValueChangedException(
            $"PostgreSQL would store {reader.GetString(2)} as {reader.GetString(3)} in column '{column.Name}' ({column.SqlType}) of {describeRow((int)reader.GetInt64(0) - 1)}: " +
            "the type's length, precision or fields change it. FluentData refuses to write it changed; give the column a value that fits");
    }

    /// <summary>
    /// Text-borne values of a type with a modifier, which a cast applies silently — its own, or a
    /// domain's over such a type (a domain is named without the modifier, its base type without
    /// it too: the two casts are compared whenever the base type can take one).
    /// </summary>
    private static bool Needs(ColumnSchema column) =>
        PostgresTypes.SentAsText(column) && column.Kind != ValueKind.Enum && column.SqlType != Unmodified(column.DataType)
        && Modifiable().IsMatch(Unmodified(column.DataType));

    /// <summary>The type without its modifier: <c>character varying(5)[]</c> as <c>character varying[]</c>; <c>character(3)</c> as <c>bpchar</c> and <c>bit(3)</c> as <c>bit varying</c> (without a length, a cast to character or bit means a length of 1); an interval's fields and precision dropped.</summary>
    internal static string Unmodified(string type)
    {
        var loose = Modifier().Replace(type, "");
        loose = IntervalFields().Replace(loose, "interval$1");
        loose = FixedLength().Replace(loose, m => (m.Groups[1].Value == "character" ? "bpchar" : "bit varying") + m.Groups[2].Value);
        return loose;
    }

    /// <summary>The types a modifier changes values of (lengths, scales, fractions, fields), and arrays of them; they all compare with <c>=</c>.</summary>
    [GeneratedRegex(@"^(character varying|bpchar|bit varying|numeric|interval|timestamp (with|without) time zone|time (with|without) time zone)(\[\])*$", RegexOptions.CultureInvariant)]
    private static partial Regex Modifiable();

    [GeneratedRegex(@"\(\d+(,\d+)?\)", RegexOptions.CultureInvariant)]
    private static partial Regex Modifier();

    [GeneratedRegex(@"^interval [a-z ]+?((\[\])*)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntervalFields();

    [GeneratedRegex(@"^(character|bit)((\[\])*)$", RegexOptions.CultureInvariant)]
    private static partial Regex FixedLength();

    /// <summary>A value the column's type modifier would change, reported as the database refusing the write.</summary>
    private sealed class ValueChangedException(string message) : DbException(message);
}
