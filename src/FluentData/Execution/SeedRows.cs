using System.Data.Common;
using System.Text.Json;
using FluentData.Dialects;
using FluentData.Expressions;
using nietras.SeparatedValues;

namespace FluentData.Execution;

/// <summary>
/// A seed's rows, read from C# objects, a CSV file or a JSON file and checked before anything is
/// written: each name matched to one column of the table, each value converted to its column's
/// type and checked against it (<see cref="IDataDialect.CheckValue"/>), every key given and none
/// twice. Held in chunks of rows, one array per column, as the bulk writers take them — a chunk can
/// be written while the next is read; every error names the file's line or the row's number among
/// the C# rows.
/// </summary>
internal sealed class SeedRows
{
    private readonly SeedExpression _seed;
    private readonly IDataDialect _dialect;
    private readonly TableSchema _table;
    private readonly IReadOnlyList<ColumnSchema> _key;
    private readonly Dictionary<Type, int[]> _ordinalsByType = [];
    private readonly Dictionary<object, int> _rowByKey = new(ExactValues.Rows);
    private readonly List<long> _lines = [];
    private readonly List<object?[][]> _chunks = [];
    private readonly Action<SeedRows>? _started;
    private readonly Action<int, int>? _filled;
    private int[]? _ordinals;
    private int[] _inOrder = [];

    private SeedRows(SeedExpression seed, IDataDialect dialect, TableSchema table, IReadOnlyList<ColumnSchema> key, int chunkRows, Action<SeedRows>? started, Action<int, int>? filled)
    {
        _seed = seed;
        _dialect = dialect;
        _table = table;
        _key = key;
        ChunkRows = chunkRows;
        _started = started;
        _filled = filled;
    }

    /// <summary>Rows are held in chunks of this many, one array per column each: what a bulk write takes at once.</summary>
    public int ChunkRows { get; }

    /// <summary>The table's columns the rows give values for, as the database writes them.</summary>
    public IReadOnlyList<ColumnSchema> Columns { get; private set; } = [];

    /// <summary>Where each key column is among <see cref="Columns"/>.</summary>
    public int[] KeyPositions { get; private set; } = [];

    public int Count => _lines.Count;

    /// <summary>The row whose key is exactly <paramref name="key"/> (one value per key column), if any.</summary>
    public bool TryFind(object?[] key, out int row) => _rowByKey.TryGetValue(key.Length == 1 ? key[0]! : key, out row);

    public object? Value(int column, int row) => _chunks[row / ChunkRows][column][row % ChunkRows];

    /// <summary>The chunk that starts at row <paramref name="start"/> (a multiple of <see cref="ChunkRows"/>), one array per column; once filled, it does not change.</summary>
    public object?[][] Chunk(int start) => _chunks[start / ChunkRows];

    /// <summary>"line 12 of Seeds/countries.csv" or "row 3 of the C# rows".</summary>
    public string Where(long line) =>
        _seed.FilePath is { } file ? $"line {line} of {file}" : $"row {line} of the C# rows";

    public long LineOf(int row) => _lines[row];

    /// <summary>
    /// Reads and checks every row of the seed. <paramref name="started"/> is told once the columns
    /// are known (the connection is not used by the load after that), <paramref name="filled"/> each
    /// time a chunk of rows is complete (its first row and its count), so that work can begin on them.
    /// </summary>
    /// <exception cref="SeedRowException">A row cannot be written as given; nothing was.</exception>
    public static SeedRows Load(
        SeedExpression seed, IDataDialect dialect, TableSchema table, IReadOnlyList<ColumnSchema> key, DbConnection connection, DbTransaction? transaction,
        int chunkRows, Action<SeedRows>? started = null, Action<int, int>? filled = null)
    {
        var rows = new SeedRows(seed, dialect, table, key, chunkRows, started, filled);
        switch (seed.FileFormat)
        {
            case SeedFileFormat.Csv:
                rows.ReadCsv(connection, transaction);
                break;
            case SeedFileFormat.Json:
                rows.ReadJson(connection, transaction);
                break;
            default:
                rows.ReadObjects(connection, transaction);
                break;
        }

        if (rows._ordinals is null)
            rows.Start([.. key.Select(table.IndexOf)], 0, connection, transaction);
        if (rows.Count % chunkRows != 0)
            filled?.Invoke(rows.Count - (rows.Count % chunkRows), rows.Count % chunkRows);
        return rows;
    }

    private void ReadObjects(DbConnection connection, DbTransaction? transaction)
    {
        for (var i = 0; i < _seed.Rows!.Count; i++)
        {
            var row = _seed.Rows[i];
            var (names, values, entries) = ObjectColumns.Read(row);
            if (names.Count == 0)
                throw Failed(i + 1, null, $"a {row.GetType().Name} has no column values; a seed row names at least its key columns");
            if (entries || !_ordinalsByType.TryGetValue(row.GetType(), out var ordinals))
            {
                ordinals = Resolve(names, i + 1);
                if (!entries)
                    _ordinalsByType[row.GetType()] = ordinals;
            }

            Add(i + 1, ordinals, values, connection, transaction);
        }
    }

    private void ReadCsv(DbConnection connection, DbTransaction? transaction)
    {
        using var stream = SeedFile.Open(_seed);
        try
        {
            // Unescaped by hand: a quoted empty field is empty text, an empty one NULL, as in PostgreSQL's CSV format.
            using var reader = Sep.Reader(o => o with { Unescape = false, DisableColCountCheck = true }).From(stream);
            var ordinals = Resolve([.. reader.Header.ColNames.Select(n => n.StartsWith('"') ? Unquote(n) : n)], 1);
            Start(ordinals, 1, connection, transaction);
            var values = new object?[ordinals.Length];
            foreach (var row in reader)
            {
                var line = row.LineNumberFrom;
                if (row.ColCount != ordinals.Length)
                {
                    // A blank line (often the last) holds no row.
                    if (row.ColCount == 1 && row[0].Span.IsWhiteSpace())
                        continue;
                    throw Failed(line, null, $"the line has {row.ColCount} fields where the header names {ordinals.Length}");
                }

                for (var i = 0; i < ordinals.Length; i++)
                {
                    var field = row[i].Span;
                    values[i] = field.Length == 0 ? null : field[0] == '"' ? Parse(line, _table.Columns[ordinals[i]], Unquote(field)) : Parse(line, _table.Columns[ordinals[i]], field);
                }

                Add(line, ordinals, values, connection, transaction);
            }
        }
        catch (InvalidDataException e)
        {
            throw new SeedRowException($"Seed of {_seed.Target} in {_seed.Migration} could not read '{_seed.FilePath}' as CSV: {e.Message.TrimEnd('.')}. Nothing was changed.", e)
            {
                Migration = _seed.Migration,
                Table = _seed.TableName,
                SeedSource = _seed.Source,
            };
        }
    }

    private static string Unquote(ReadOnlySpan<char> field) =>
        field.Length >= 2 && field[^1] == '"' ? field[1..^1].ToString().Replace("\"\"", "\"", StringComparison.Ordinal) : field.ToString();

    private void ReadJson(DbConnection connection, DbTransaction? transaction)
    {
        byte[] bytes;
        using (var stream = SeedFile.Open(_seed))
        using (var buffer = new MemoryStream())
        {
            stream.CopyTo(buffer);
            bytes = buffer.ToArray();
        }

        // A byte order mark is not JSON; the offsets the reader gives then start after it.
        var start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var lines = new LineCounter(bytes, start);
        var reader = new Utf8JsonReader(bytes.AsSpan(start), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                throw Failed(1, null, "the file holds no JSON array; a seed file is an array of objects, one per row");
            var byName = new Dictionary<string, int>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var line = lines.At(reader.TokenStartIndex);
                if (reader.TokenType != JsonTokenType.StartObject)
                    throw Failed(line, null, $"the array holds a JSON {reader.TokenType} where a row's object belongs");
                var (ordinals, values) = (new List<int>(), new List<object?>());
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    if (!byName.TryGetValue(name, out var ordinal))
                        byName[name] = ordinal = Resolve([name], line)[0];
                    if (ordinals.Contains(ordinal))
                        throw Failed(line, _table.Columns[ordinal].Name, $"the row names column '{_table.Columns[ordinal].Name}' twice");
                    reader.Read();
                    ordinals.Add(ordinal);
                    values.Add(Json(lines.At(reader.TokenStartIndex), _table.Columns[ordinal], ref reader));
                }

                Add(line, [.. ordinals], [.. values], connection, transaction);
            }
        }
        catch (JsonException e)
        {
            throw new SeedRowException($"Seed of {_seed.Target} in {_seed.Migration} could not read line {e.LineNumber + 1} of '{_seed.FilePath}' as JSON: {e.Message.TrimEnd('.')}. Nothing was changed.", e)
            {
                Migration = _seed.Migration,
                Table = _seed.TableName,
                SeedSource = _seed.Source,
                Line = e.LineNumber + 1,
            };
        }
    }

    private object? Json(long line, ColumnSchema column, ref Utf8JsonReader reader)
    {
        try
        {
            return SeedValues.FromJson(column, ref reader);
        }
        catch (FormatException e)
        {
            throw Failed(line, column.Name, $"'{column.Name}' ({column.SqlType}): {e.Message}");
        }
    }

    private object Parse(long line, ColumnSchema column, ReadOnlySpan<char> text)
    {
        try
        {
            return SeedValues.FromText(column, text);
        }
        catch (FormatException e)
        {
            throw Failed(line, column.Name, $"'{column.Name}' ({column.SqlType}): {e.Message}");
        }
    }

    /// <summary>The columns the first row (or the file's header) names: every later row names the same.</summary>
    private void Start(int[] ordinals, long line, DbConnection connection, DbTransaction? transaction)
    {
        // Written as new values, never compared as keys: a key column's values go in their own type, not as the text a key is read as.
        Columns = _dialect.DescribeTargets(connection, transaction, _table, ordinals.Select(o => _table.Columns[o] with { KeyAsText = false }).ToList());
        _ordinals = ordinals;
        _inOrder = [.. Enumerable.Range(0, ordinals.Length)];
        KeyPositions = [.. _key.Select(k => Array.IndexOf(ordinals, _table.IndexOf(k)))];
        if (_key.Where((_, i) => KeyPositions[i] < 0).Select(k => $"'{k.Name}'").ToList() is [_, ..] missing)
            throw Failed(line, null, $"the rows do not give key column {string.Join(", ", missing)}; every row needs its key");
        _started?.Invoke(this);
    }

    private void Add(long line, int[] ordinals, object?[] values, DbConnection connection, DbTransaction? transaction)
    {
        if (_ordinals is null)
            Start(ordinals, line, connection, transaction);

        // Rows of the first row's type (and every line of a file) name the columns in the same order.
        var positions = ReferenceEquals(ordinals, _ordinals) ? _inOrder : [.. ordinals.Select(o => Array.IndexOf(_ordinals!, o))];
        if (ordinals.Length != _ordinals!.Length || positions.Contains(-1))
        {
            throw Failed(line, null,
                $"the row gives columns ({string.Join(", ", ordinals.Select(o => _table.Columns[o].Name))}) where the first gave " +
                $"({string.Join(", ", _ordinals.Select(o => _table.Columns[o].Name))}); every row of a seed names the same columns");
        }

        var checkedValues = ReferenceEquals(positions, _inOrder) ? values : new object?[positions.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var column = Columns[positions[i]];
            var value = values[i];
            if (_dialect.CheckValue(column, ref value) is { } problem)
                throw Failed(line, column.Name, $"{ValueConversion.Describe(values[i])} cannot be written to '{column.Name}' ({column.SqlType}): {problem}");
            checkedValues[positions[i]] = value;
        }

        var key = new object?[KeyPositions.Length];
        for (var i = 0; i < key.Length; i++)
            key[i] = checkedValues[KeyPositions[i]];
        if (Array.IndexOf(key, null) is >= 0 and var blank)
            throw Failed(line, _key[blank].Name, $"key column '{_key[blank].Name}' is NULL; a seed row is found by its key, so every key column needs a value");
        // A key of one column is kept as its value: no array per row.
        object found = key.Length == 1 ? key[0]! : key;
        if (!_rowByKey.TryAdd(found, _lines.Count))
            throw Failed(line, null, $"the key ({string.Join(", ", key.Select(ValueConversion.Describe))}) is given twice, on {Where(_lines[_rowByKey[found]])} and here; a seed names each row once");

        var at = Count % ChunkRows;
        if (at == 0)
            _chunks.Add([.. Columns.Select(_ => new object?[ChunkRows])]);
        var chunk = _chunks[^1];
        for (var i = 0; i < checkedValues.Length; i++)
            chunk[i][at] = checkedValues[i];
        _lines.Add(line);
        if (at == ChunkRows - 1)
            _filled?.Invoke(Count - ChunkRows, ChunkRows);
    }

    /// <summary>Each name's column, of those the seed may write (<see cref="ObjectColumns.Ordinals"/>).</summary>
    private int[] Resolve(IReadOnlyList<string> names, long line) =>
        ObjectColumns.Ordinals(_table, names, (name, column, why) => Failed(line, column?.Name ?? name, $"the row names '{name}', {why}"));

    private SeedRowException Failed(long line, string? column, string why) =>
        new($"Seed of {_seed.Target} in {_seed.Migration} failed on {Where(line)}: {why}. Nothing was changed.")
        {
            Migration = _seed.Migration,
            Table = _seed.TableName,
            Column = column,
            SeedSource = _seed.Source,
            Line = line,
        };

    /// <summary>The line a byte of a file is on, for files read front to back; <c>start</c> bytes (a byte order mark) come first.</summary>
    private sealed class LineCounter(byte[] bytes, int start)
    {
        private long _offset = start;
        private long _line = 1;

        /// <summary>The line of the byte at <paramref name="offset"/> from the start.</summary>
        public long At(long offset)
        {
            for (; _offset < offset + start && _offset < bytes.Length; _offset++)
            {
                if (bytes[_offset] == (byte)'\n')
                    _line++;
            }

            return _line;
        }
    }
}
