namespace FluentData.Tests.Fidelity;

/// <summary>
/// One primary key type of the exactly-once matrix.
/// </summary>
/// <param name="Name">How the theory names it.</param>
/// <param name="Declaration">The key column's type in CREATE TABLE.</param>
/// <param name="Keys">The keys, as SQL expressions, chosen so their order in the key's own type differs from their order as text.</param>
/// <param name="Setup">Statements the type needs first (an extension).</param>
public sealed record KeyCase(string Name, string Declaration, IReadOnlyList<string> Keys, IReadOnlyList<string>? Setup = null)
{
    public override string ToString() => Name;
}
