namespace FluentData.Expressions;

/// <summary>How a transform of an <see cref="AutoReversingDataMigration"/> is undone.</summary>
internal enum ReversalKind
{
    /// <summary>Not part of a generated <c>Down()</c>.</summary>
    None,

    /// <summary>Its reversal runs in <c>Down()</c>; while <c>Up()</c> runs, the data is checked to come back exactly.</summary>
    Checked,

    /// <summary>Its target columns are added by the same <c>Up()</c>, so <c>Down()</c> drops them and needs no reversal.</summary>
    DroppedByDown,
}
