namespace FluentData.Dialects;

/// <summary>
/// A column as the database describes it.
/// </summary>
/// <param name="Name">The name as stored in the catalog (its exact case).</param>
/// <param name="DataType">The database's type name without length or precision, e.g. <c>character varying</c>.</param>
/// <param name="ClrType">The .NET type values are converted to before they are written; <see cref="object"/> when any value goes.</param>
/// <param name="IsNullable">Whether the column accepts NULL.</param>
/// <param name="MaxLength">The maximum length of a text column, when it has one.</param>
/// <param name="IsKey">Whether the column is part of the primary key.</param>
/// <param name="ReadAsText">Whether the driver has no mapping for the type, so it is read (and written) as text.</param>
internal sealed record ColumnSchema(string Name, string DataType, Type ClrType, bool IsNullable, int? MaxLength, bool IsKey, bool ReadAsText = false);
