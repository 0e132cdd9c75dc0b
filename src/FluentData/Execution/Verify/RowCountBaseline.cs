namespace FluentData.Execution.Verify;

/// <summary>The row count a <c>RowCountIsUnchanged</c> check compares with, taken when the migration starts.</summary>
internal sealed class RowCountBaseline
{
    public long? Rows { get; set; }
}
