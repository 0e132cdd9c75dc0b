using System.ComponentModel;

namespace FluentData.Syntax;

/// <summary>
/// The base of every step of the fluent syntax. It hides <see cref="object"/>'s members from
/// IntelliSense so that the completion list shows only the legal next steps.
/// </summary>
public interface IFluentSyntax
{
    /// <inheritdoc cref="object.GetType"/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    Type GetType();

    /// <inheritdoc cref="object.GetHashCode"/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    int GetHashCode();

    /// <inheritdoc cref="object.ToString"/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    string? ToString();

    /// <inheritdoc cref="object.Equals(object?)"/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    bool Equals(object? obj);
}
