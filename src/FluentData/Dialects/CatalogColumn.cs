namespace FluentData.Dialects;

/// <summary>One row of a dialect's catalog query: a column as the database's catalog describes it.</summary>
/// <param name="Name">The column's name.</param>
/// <param name="BaseType">The type without modifiers (a domain's base type), e.g. <c>character</c>.</param>
/// <param name="FullType">The type as a cast names it, e.g. <c>character(3)</c> or a domain's name.</param>
/// <param name="Nullable">Whether the column accepts NULL.</param>
/// <param name="MaxLength">A text or binary column's length limit.</param>
/// <param name="KeyPosition">The column's position in the key rows are read by, or null.</param>
/// <param name="Precision">Digits of a decimal, or fractional-second digits of a time.</param>
/// <param name="Scale">Digits after the point of a decimal.</param>
/// <param name="Element">An array's element type.</param>
/// <param name="Labels">An enum's values.</param>
/// <param name="Collation">The column's collation, where the database has one per column.</param>
/// <param name="Generated">Whether the database computes the column's value itself (a generated or identity column), so it cannot be written.</param>
internal sealed record CatalogColumn(
    string Name,
    string BaseType,
    string FullType,
    bool Nullable,
    int? MaxLength,
    int? KeyPosition,
    int? Precision,
    int? Scale,
    string? Element,
    IReadOnlyList<string>? Labels,
    string? Collation,
    bool Generated = false);
