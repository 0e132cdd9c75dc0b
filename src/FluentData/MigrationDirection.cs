namespace FluentData;

/// <summary>Whether a migration was applied or rolled back.</summary>
public enum MigrationDirection
{
    /// <summary>The migration's <c>Up()</c> ran and its version was recorded.</summary>
    Up,

    /// <summary>The migration's <c>Down()</c> ran and its version was removed.</summary>
    Down,
}
