namespace FluentData;

/// <summary>
/// One row of the table being transformed, as the transform function sees it. Values are read
/// once per batch; database NULLs (<see cref="DBNull"/>) are already turned into <see langword="null"/>.
/// A row is valid during the call of the transform function that receives it: keep its values,
/// not the row.
/// </summary>
public interface IDataRow
{
    /// <summary>The raw value of <paramref name="column"/> (case-insensitive), or <see langword="null"/> for SQL NULL.</summary>
    /// <exception cref="DataMigrationException">The table has no such column.</exception>
    object? this[string column] { get; }

    /// <summary>
    /// The value of <paramref name="column"/> converted to <typeparamref name="T"/> (numbers widen
    /// or narrow when the value fits, strings parse for dates, GUIDs and enums). NULL gives
    /// <c>default(T)</c> for reference and nullable types.
    /// </summary>
    /// <exception cref="DataConversionException">The value cannot become a <typeparamref name="T"/>; the message names the table, column and row key.</exception>
    T? Get<T>(string column);

    /// <summary>The row's key: its primary key (or the unique index FluentData reads the table by), one value per key column.</summary>
    RowKey Key { get; }
}
