namespace FluentData.Tests.Fidelity;

/// <summary>
/// One column type of the identity matrix.
/// </summary>
/// <param name="Name">How the theory names it.</param>
/// <param name="Declaration">The column's type in CREATE TABLE.</param>
/// <param name="Values">The values the column holds, as SQL expressions, so the test controls exactly what is stored.</param>
/// <param name="Setup">Statements the type needs first (an extension, an enum type).</param>
public sealed record ColumnCase(string Name, string Declaration, IReadOnlyList<string> Values, IReadOnlyList<string>? Setup = null)
{
    public override string ToString() => Name;
}
