namespace FluentData;

/// <summary>
/// The new values of one row for a multi-column transform
/// (<c>.Columns("first_name", "last_name").Using((row, set) =&gt; ...)</c>). Every target column
/// starts with its current value; a column the function does not set keeps it.
/// </summary>
public interface IColumnValues
{
    /// <summary>Sets (or reads back) the new value of a target column.</summary>
    /// <exception cref="DataMigrationException"><paramref name="column"/> is not one of the transform's target columns.</exception>
    object? this[string column] { get; set; }
}
