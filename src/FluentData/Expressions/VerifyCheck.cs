namespace FluentData.Expressions;

/// <summary>What a <see cref="VerifyExpression"/> checks.</summary>
public enum VerifyCheck
{
    /// <summary>No check chosen yet: the chain is incomplete.</summary>
    None,

    /// <summary>No row has NULL in the column.</summary>
    HasNoNulls,

    /// <summary>No two rows share a non-NULL value in the column.</summary>
    IsUnique,

    /// <summary>No row matches the predicate.</summary>
    HasNoRows,

    /// <summary>The table has as many rows as when the migration started.</summary>
    RowCountIsUnchanged,
}
