using System.ComponentModel.DataAnnotations;
using FluentData.Execution;
using FluentMigrator;
using FluentMigrator.Expressions;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Expressions;

/// <summary>
/// What a <c>Transform.Table(...)</c> chain records: the table, the target columns, the user's
/// function and the options. FluentMigrator validates it before the migration runs and executes
/// it in order with the migration's other expressions.
/// </summary>
public sealed class TransformExpression : MigrationExpressionBase, IValidatableObject
{
    private readonly IServiceProvider? _services;

    /// <summary>Creates an empty expression; the fluent builder fills it.</summary>
    /// <param name="migration">The migration the expression belongs to, for messages.</param>
    /// <param name="services">Where the engine is resolved from when the expression runs.</param>
    public TransformExpression(MigrationIdentity migration, IServiceProvider? services)
    {
        ArgumentNullException.ThrowIfNull(migration);
        Migration = migration;
        _services = services;
    }

    /// <summary>The migration that declared this transform.</summary>
    public MigrationIdentity Migration { get; }

    /// <summary>The table's schema, or <see langword="null"/> for the connection's default.</summary>
    public string? SchemaName { get; set; }

    /// <summary>The table whose rows are rewritten.</summary>
    public string TableName { get; set; } = "";

    /// <summary>The columns the transform writes.</summary>
    public IList<string> Columns { get; } = new List<string>();

    /// <summary>The single-column function, when the transform was built with <c>Column(...).Using(row =&gt; ...)</c>.</summary>
    public Func<IDataRow, object?>? ValueFunction { get; set; }

    /// <summary>The multi-column function, when built with <c>Using((row, set) =&gt; ...)</c>.</summary>
    public Action<IDataRow, IColumnValues>? RowFunction { get; set; }

    /// <summary>An optional SQL predicate that limits the rows transformed.</summary>
    public string? Filter { get; set; }

    /// <summary>How many rows are read and written at a time; null for the database's default (see the README).</summary>
    public int? BatchSize { get; set; }

    /// <summary>A SQL expression the database evaluates for the target column, when built with <c>UsingSql(...)</c>.</summary>
    public string? SqlExpression { get; set; }

    /// <summary>Old value → new value, when built with <c>Map(...)</c>; evaluated by the database as a CASE.</summary>
    public IReadOnlyDictionary<object, object?>? ValueMap { get; set; }

    /// <summary>Whether values the map does not name go to <see cref="MapDefault"/> rather than staying as they are.</summary>
    public bool HasMapDefault { get; set; }

    /// <summary>The value for unmapped values, when <see cref="HasMapDefault"/>.</summary>
    public object? MapDefault { get; set; }

    /// <summary>A function over the application's own row type (<c>Using&lt;T&gt;(...)</c>), bound to the table's columns when the transform runs.</summary>
    internal ITypedTransform? TypedFunction { get; set; }

    /// <summary>The inverse of <see cref="ValueFunction"/>, when given with <c>.Reverse(...)</c>: what a generated <c>Down()</c> runs.</summary>
    public Func<IDataRow, object?>? ReverseFunction { get; set; }

    /// <summary>An optional pause between batches, for online migrations that share the database with live traffic.</summary>
    public TimeSpan? Throttle { get; set; }

    /// <summary>How many connections an online transform runs on at once; null for one.</summary>
    public int? Parallelism { get; set; }

    /// <summary>The most connections <c>InParallel</c> takes: more only queue on the server's cores and locks.</summary>
    public const int MaxParallelism = 32;

    /// <summary>Set by the runner for a migration without a transaction: where to resume and where to save progress.</summary>
    internal Execution.IResumePoint? Checkpoint { get; set; }

    /// <summary>How a generated <c>Down()</c> undoes this transform (set by <see cref="AutoReversingDataMigration"/>).</summary>
    internal ReversalKind Reversal { get; set; }

    /// <summary>"'customers'.'email_normalized'", or "'sales'.'orders'.('a', 'b')" for several columns, or "'customers'" before a typed transform's are known.</summary>
    public string Target
    {
        get
        {
            var table = new Dialects.TableName(SchemaName, TableName).ToString();
            return Columns.Count switch
            {
                // A typed transform's columns are known once its type is matched to the table.
                0 => table,
                1 => $"{table}.'{Columns[0]}'",
                _ => $"{table}.({string.Join(", ", Columns.Select(c => $"'{c}'"))})",
            };
        }
    }

    /// <inheritdoc />
    public override void ExecuteWith(IMigrationProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(processor);
        var engine = _services?.GetService<TransformEngine>() ?? TransformEngine.Default;
        // Commands FluentData creates do not get the processor's timeout by themselves.
        var timeout = _services?.GetService<ProcessorOptions>()?.Timeout;

        ProcessorOperation.Run(processor, ToString(), (connection, transaction) => engine.Run(this, connection, transaction, timeout));
    }

    /// <summary>
    /// The transform that undoes this one: its <c>.Reverse(...)</c> function, or the inverse of a
    /// one-to-one map. Called by FluentMigrator for a generated <c>Down()</c>.
    /// </summary>
    /// <exception cref="DataMigrationException">The transform has no inverse.</exception>
    public override IMigrationExpression Reverse()
    {
        if (ReverseFunction is { } inverse)
            return Copy(e => (e.ValueFunction, e.ReverseFunction) = (inverse, ValueFunction));

        if (ValueMap is { } map && !HasMapDefault && map.Values.All(v => v is not null) && map.Values.Distinct().Count() == map.Count)
            return Copy(e => e.ValueMap = map.ToDictionary(p => p.Value!, p => (object?)p.Key));

        var why = ValueMap is null
            ? "it has no .Reverse(row => ...)"
            : "its Map is not one-to-one (two values map to the same value, a value maps to NULL, or Otherwise(...) is set)";
        throw new DataMigrationException(
            $"Transform on {Target} in {Migration} cannot be reversed: {why}. Give it .Reverse(row => ...), or derive from DataMigration and write Down() yourself.")
        {
            Migration = Migration,
            Table = TableName,
        };
    }

    private TransformExpression Copy(Action<TransformExpression> change)
    {
        var copy = new TransformExpression(Migration, _services)
        {
            SchemaName = SchemaName,
            TableName = TableName,
            ValueFunction = ValueFunction,
            RowFunction = RowFunction,
            TypedFunction = TypedFunction,
            SqlExpression = SqlExpression,
            ValueMap = ValueMap,
            HasMapDefault = HasMapDefault,
            MapDefault = MapDefault,
            Filter = Filter,
            BatchSize = BatchSize,
            Throttle = Throttle,
            Parallelism = Parallelism,
        };
        foreach (var column in Columns)
            copy.Columns.Add(column);
        change(copy);
        return copy;
    }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(TableName))
            yield return new ValidationResult($"Transform in {Migration} has no table; call Transform.Table(\"name\").");
        if (Columns.Count == 0 && TypedFunction is null)
            yield return new ValidationResult($"Transform on '{TableName}' in {Migration} has no target column; call .Column(\"name\") or .Columns(\"a\", \"b\").");
        else if (Columns.Any(string.IsNullOrWhiteSpace))
            yield return new ValidationResult($"Transform on '{TableName}' in {Migration} has an empty column name; name every target column.");
        else if (Columns.Distinct(StringComparer.OrdinalIgnoreCase).Count() != Columns.Count)
            yield return new ValidationResult($"Transform on {Target} in {Migration} names a column twice; name each target column once.");

        var ways = (ValueFunction is null ? 0 : 1) + (RowFunction is null && TypedFunction is null ? 0 : 1) + (SqlExpression is null ? 0 : 1) + (ValueMap is null ? 0 : 1);
        if (ways == 0)
            yield return new ValidationResult($"Transform on {Target} in {Migration} has no Using(...); call .Using(row => ...) or .UsingSql(\"...\").");
        if (ValueMap is { Count: 0 })
            yield return new ValidationResult($"Transform on {Target} in {Migration} has an empty Map; name at least one value.");
        else if (ways > 1)
            yield return new ValidationResult($"Transform on {Target} in {Migration} has more than one Using(...); keep one.");
        if ((SqlExpression is not null || ValueMap is not null) && Columns.Count != 1)
            yield return new ValidationResult($"Transform on {Target} in {Migration} uses UsingSql or Map with {Columns.Count} columns; they set one column, so write one transform per column.");
        if (Throttle is { } pause && pause < TimeSpan.Zero)
            yield return new ValidationResult($"Transform on {Target} in {Migration} has a negative throttle {pause}; ThrottleBy needs zero or more.");
        if (BatchSize is < 1)
            yield return new ValidationResult($"Transform on {Target} in {Migration} has batch size {BatchSize}; InBatchesOf needs at least 1 row.");
        if (Parallelism is < 1 or > MaxParallelism)
            yield return new ValidationResult($"Transform on {Target} in {Migration} asks for {Parallelism} connections; InParallel takes 1 to {MaxParallelism}.");
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Transform {Target}" + (SqlExpression is null ? "" : $" = {SqlExpression}") + (TypedFunction is null ? "" : $" using {TypedFunction.RowType.Name} rows") +
        (ValueMap is null ? "" : $" mapping {string.Join(", ", ValueMap.Select(p => $"{p.Key} → {p.Value ?? "NULL"}"))}" + (HasMapDefault ? $", others → {MapDefault ?? "NULL"}" : "")) +
        (Filter is null ? "" : $" where {Filter}") +
        (BatchSize is { } size ? $" in batches of {size}" : "");
}
