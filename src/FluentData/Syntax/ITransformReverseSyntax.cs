namespace FluentData.Syntax;

/// <summary>After <c>Using(row =&gt; ...)</c>: optionally its inverse, then the usual options.</summary>
public interface ITransformReverseSyntax : ITransformOptionsSyntax
{
    /// <summary>
    /// The inverse of the transform: the value that restores the column from the row after
    /// <c>Up</c>. An <see cref="AutoReversingDataMigration"/> runs it as its <c>Down()</c>.
    /// </summary>
    ITransformOptionsSyntax Reverse(Func<IDataRow, object?> inverse);
}
