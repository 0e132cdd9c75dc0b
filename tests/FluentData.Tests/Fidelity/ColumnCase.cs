namespace FluentData.Tests.Fidelity;

/// <summary>
/// One column type of the identity matrix.
/// </summary>
/// <param name="Name">How the theory names it.</param>
/// <param name="Declaration">The column's type in CREATE TABLE.</param>
/// <param name="Values">The values the column holds, as SQL expressions, so the test controls exactly what is stored.</param>
/// <param name="Setup">Statements the type needs first (an extension, an enum type).</param>
/// <param name="Refusable">
/// Values .NET's types cannot hold exactly: a C# path may refuse them instead — before writing
/// anything it has not written exactly, naming the table, column and key — but never change them.
/// </param>
/// <param name="CopyRefusable">
/// Values a column holds that it would not take from a new row as they are (SQLite reals in an
/// INTEGER column): a copy's C# mapping may refuse them clearly, where a transform leaves them unwritten.
/// </param>
public sealed record ColumnCase(string Name, string Declaration, IReadOnlyList<string> Values, IReadOnlyList<string>? Setup = null, bool Refusable = false, bool CopyRefusable = false)
{
    public override string ToString() => Name;
}
