using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations.Schema;
using System.Linq.Expressions;
using System.Reflection;
using FluentData.Dialects;

namespace FluentData.Execution;

/// <summary>
/// How a C# class or record stands for a row of one table: each public property with a setter (or
/// a parameter of the constructor) matched to one column — by its <see cref="ColumnAttribute"/>
/// name, else by its name, ignoring case and then underscores; <see cref="NotMappedAttribute"/>
/// ones left out — and checked before the first row: a property with no column, a type that
/// cannot hold the column's values or a non-nullable property for a nullable column is refused,
/// naming both. Rows are built and read back by accessors compiled once per type and table, not by
/// reflection per row.
/// </summary>
internal sealed class TypedRowMap
{
    private static readonly ConcurrentDictionary<(Type, string), TypedRowMap> Maps = new();
    private static readonly NullabilityInfoContext Nullability = new();

    private readonly Func<object?[], object> _create;
    private readonly Func<object, object?[]> _read;

    private TypedRowMap(IReadOnlyList<PropertyInfo> properties, IReadOnlyList<ColumnSchema> columns, Func<object?[], object> create, Func<object, object?[]> read)
    {
        Properties = properties;
        Columns = columns;
        _create = create;
        _read = read;
    }

    /// <summary>The mapped properties, in the order of <see cref="Columns"/>.</summary>
    public IReadOnlyList<PropertyInfo> Properties { get; }

    /// <summary>The column of each mapped property.</summary>
    public IReadOnlyList<ColumnSchema> Columns { get; }

    /// <summary>The map of <paramref name="type"/> onto <paramref name="table"/>, checked; <paramref name="failed"/> makes the error for a problem in words.</summary>
    public static TypedRowMap For(Type type, TableSchema table, Func<string, string?, Exception> failed) =>
        Maps.GetOrAdd((type, Describe(table)), _ => Create(type, table, failed));

    /// <summary>A new object holding <paramref name="values"/>, one per mapped property, already of the property's type.</summary>
    public object Create(object?[] values) => _create(values);

    /// <summary>The mapped properties' values of <paramref name="row"/>.</summary>
    public object?[] Read(object row) => _read(row);

    private static string Describe(TableSchema table) =>
        $"{table.Name}|{string.Join("|", table.Columns.Select(c => $"{c.Name}:{c.SqlType}:{c.Kind}:{c.IsNullable}:{c.IsKey}:{c.IsGenerated}:{c.ClrType.FullName}:{c.ReadAsText}"))}";

    private static TypedRowMap Create(Type type, TableSchema table, Func<string, string?, Exception> failed)
    {
        var constructor = type.GetConstructor(Type.EmptyTypes)
            ?? type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw failed($"{type.Name} has no public constructor to make a row with", null);
        var parameters = constructor.GetParameters();
        var candidates = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<NotMappedAttribute>() is null)
            .Where(p => p.SetMethod is { IsPublic: true } || parameters.Any(a => string.Equals(a.Name, p.Name, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        if (parameters.FirstOrDefault(a => !candidates.Any(p => string.Equals(a.Name, p.Name, StringComparison.OrdinalIgnoreCase))) is { } unbound)
            throw failed($"{type.Name}'s constructor takes '{unbound.Name}', which no mapped property of the same name gives; add a parameterless constructor or map the property", null);

        var columns = new List<ColumnSchema>();
        foreach (var property in candidates)
        {
            var name = property.GetCustomAttribute<ColumnAttribute>()?.Name ?? property.Name;
            var matches = ObjectColumns.Match(table, name);
            if (matches.Count != 1)
                throw failed($"{type.Name}.{property.Name} stands for a column '{name}', {ObjectColumns.Unmatched(table, matches)}; mark the property [NotMapped] or name its column with [Column(\"...\")]", name);
            var column = matches[0];
            if (columns.Contains(column))
                throw failed($"{type.Name}.{property.Name} and another property both stand for column '{column.Name}'", column.Name);
            if (Fits(column, property) is { } problem)
                throw failed($"{type.Name}.{property.Name} ({TypeName(property.PropertyType)}) cannot stand for column '{column.Name}' ({column.SqlType}): {problem}", column.Name);
            columns.Add(column);
        }

        if (columns.Count == 0)
            throw failed($"{type.Name} has no public settable property standing for a column of table {table.Name}", null);
        if (parameters.FirstOrDefault(a => !a.ParameterType.IsAssignableFrom(candidates.First(p => string.Equals(a.Name, p.Name, StringComparison.OrdinalIgnoreCase)).PropertyType)) is { } mismatched)
            throw failed($"{type.Name}'s constructor takes '{mismatched.Name}' as {TypeName(mismatched.ParameterType)}, where its property of that name is {TypeName(candidates.First(p => string.Equals(mismatched.Name, p.Name, StringComparison.OrdinalIgnoreCase)).PropertyType)}; a row is made from the property's column", null);
        try
        {
            return new TypedRowMap(candidates, columns, CompileCreate(type, constructor, candidates), CompileRead(type, candidates));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw failed($"{type.Name} cannot be made from a row: {e.Message}", null);
        }
    }

    /// <summary>Whether a property of its type can hold every value the column holds, and give back one the column takes; null when it can, else why not.</summary>
    private static string? Fits(ColumnSchema column, PropertyInfo property)
    {
        var declared = property.PropertyType;
        var underlying = Nullable.GetUnderlyingType(declared);
        var type = underlying ?? declared;
        if (column.IsNullable && declared.IsValueType && underlying is null)
            return $"the column is nullable and {TypeName(declared)} cannot hold NULL; declare it {TypeName(declared)}?";
        if (column.IsNullable && !declared.IsValueType && Nullability.Create(property).WriteState == NullabilityState.NotNull)
            return $"the column is nullable and the property is declared not to hold null; declare it {TypeName(declared)}?";
        if (type == typeof(object))
            return null;
        if (column.Kind == ValueKind.Any)
        {
            // A column without a type keeps a value as given: only the kinds it stores as they are.
            return type == typeof(string) || type == typeof(byte[]) || type == typeof(double) || type == typeof(float) || ValueConversion.IsIntegral(type)
                ? null
                : "the column has no type and keeps what it is given as it is; declare the property object, string, a number or byte[]";
        }

        if (column.ReadAsText)
            return type == typeof(string) ? null : "FluentData reads and writes this type as the database's text; declare it string";

        var fits = column.Kind switch
        {
            ValueKind.Integer => ValueConversion.IsIntegral(type) || type == typeof(decimal) || type.IsEnum,
            ValueKind.Decimal => type == typeof(decimal),
            ValueKind.Real => type == typeof(float) || type == typeof(double),
            ValueKind.Double => type == typeof(double),
            ValueKind.Text or ValueKind.Json or ValueKind.Enum or ValueKind.Parsed => type == typeof(string) || (type.IsEnum && column.Kind is ValueKind.Text or ValueKind.Enum),
            ValueKind.Boolean => type == typeof(bool),
            ValueKind.Date => type == typeof(DateOnly) || type == typeof(DateTime),
            ValueKind.Time => type == typeof(TimeOnly) || type == typeof(TimeSpan),
            ValueKind.Timestamp => type == typeof(DateTime),
            ValueKind.TimestampUtc => type == typeof(DateTime) || type == typeof(DateTimeOffset),
            ValueKind.TimestampOffset => type == typeof(DateTimeOffset),
            ValueKind.Interval => type == typeof(TimeSpan),
            ValueKind.Uuid => type == typeof(Guid),
            ValueKind.Bytes => type == typeof(byte[]),
            ValueKind.Array => type.IsArray || type.IsAssignableFrom(column.ClrType),
            _ => type.IsAssignableFrom(column.ClrType),
        };
        return fits ? null : $"the column holds {column.Kind switch
        {
            ValueKind.Integer => "whole numbers (an integral type, decimal or an enum)",
            ValueKind.Decimal => "exact decimals (decimal)",
            ValueKind.Real => "single-precision numbers (float or double)",
            ValueKind.Double => "double-precision numbers (double)",
            ValueKind.Date => "dates (DateOnly or DateTime)",
            ValueKind.Time => "times of day (TimeOnly or TimeSpan)",
            ValueKind.Timestamp => "dates and times without a zone (DateTime)",
            ValueKind.TimestampUtc => "instants (DateTime in UTC or DateTimeOffset)",
            ValueKind.TimestampOffset => "dates and times with an offset (DateTimeOffset)",
            ValueKind.Uuid => "GUIDs (Guid)",
            ValueKind.Bytes => "bytes (byte[])",
            ValueKind.Boolean => "true or false (bool)",
            _ => $"{column.ClrType.Name} values",
        }}";
    }

    private static string TypeName(Type type) =>
        Nullable.GetUnderlyingType(type) is { } inner ? TypeName(inner) + "?" : type.Name;

    /// <summary>values → new T(the constructor's parameters) { the other properties }.</summary>
    private static Func<object?[], object> CompileCreate(Type type, ConstructorInfo constructor, IReadOnlyList<PropertyInfo> properties)
    {
        var values = Expression.Parameter(typeof(object?[]), "values");
        Expression ValueOf(PropertyInfo property) =>
            Expression.Convert(Expression.ArrayIndex(values, Expression.Constant(IndexOf(properties, property))), property.PropertyType);
        var arguments = constructor.GetParameters().Select(a => properties.First(p => string.Equals(p.Name, a.Name, StringComparison.OrdinalIgnoreCase)));
        var created = Expression.New(constructor, arguments.Select(p => Expression.Convert(ValueOf(p), constructor.GetParameters().First(a => string.Equals(a.Name, p.Name, StringComparison.OrdinalIgnoreCase)).ParameterType)));
        var assigned = properties
            .Where(p => p.SetMethod is { IsPublic: true } && !constructor.GetParameters().Any(a => string.Equals(a.Name, p.Name, StringComparison.OrdinalIgnoreCase)))
            .Select(p => Expression.Bind(p, ValueOf(p)));
        var body = Expression.Convert(Expression.MemberInit(created, assigned), typeof(object));
        return Expression.Lambda<Func<object?[], object>>(body, values).Compile();
    }

    private static Func<object, object?[]> CompileRead(Type type, IReadOnlyList<PropertyInfo> properties)
    {
        var row = Expression.Parameter(typeof(object), "row");
        var typed = Expression.Convert(row, type);
        var values = Expression.NewArrayInit(typeof(object), properties.Select(p => Expression.Convert(Expression.Property(typed, p), typeof(object))));
        return Expression.Lambda<Func<object, object?[]>>(values, row).Compile();
    }

    private static int IndexOf(IReadOnlyList<PropertyInfo> properties, PropertyInfo property)
    {
        for (var i = 0; i < properties.Count; i++)
        {
            if (properties[i] == property)
                return i;
        }

        return -1;
    }
}
