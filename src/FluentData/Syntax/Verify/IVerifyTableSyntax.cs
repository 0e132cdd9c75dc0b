namespace FluentData.Syntax.Verify;

/// <summary>Checks on a whole table.</summary>
public interface IVerifyTableSyntax : IFluentSyntax
{
    /// <summary>Checks one column.</summary>
    IVerifyColumnSyntax Column(string columnName);

    /// <summary>No row may match this SQL predicate, e.g. <c>"email_normalized &lt;&gt; lower(email_normalized)"</c>.</summary>
    void HasNoRows(string sqlPredicate);

    /// <summary>The table has as many rows as when the migration started.</summary>
    void RowCountIsUnchanged();
}
