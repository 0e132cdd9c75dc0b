namespace FluentData.Syntax;

/// <summary>After <c>Map(...)</c>: what happens to values the map does not name, then the usual options.</summary>
public interface ITransformMapSyntax : ITransformOptionsSyntax
{
    /// <summary>Values the map does not name become <paramref name="value"/> (without this they stay as they are).</summary>
    ITransformOptionsSyntax Otherwise(object? value);
}
