namespace FluentData.Execution;

/// <summary>What a failed transform leaves behind, for its message.</summary>
internal enum FailureOutcome
{
    /// <summary>The migration's transaction is rolled back.</summary>
    RolledBack,

    /// <summary>Online: the batches before the failing one stay committed.</summary>
    EarlierBatchesKept,

    /// <summary>A pass that checks every row before the first write failed: nothing was written.</summary>
    NothingWritten,
}
