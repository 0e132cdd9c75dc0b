namespace FluentData.Syntax.Verify;

/// <summary>Checks on one column.</summary>
public interface IVerifyColumnSyntax : IFluentSyntax
{
    /// <summary>No row has NULL in the column.</summary>
    void HasNoNulls();

    /// <summary>No two rows share a value in the column (NULLs aside).</summary>
    void IsUnique();
}
