namespace FluentData.Syntax.Verify;

/// <summary>
/// The start of a check on the data, run in order with the migration's other expressions. A
/// failed check fails the migration: in a transactional migration nothing is committed and the
/// version is not recorded.
/// </summary>
/// <example>
/// <code>
/// Verify.Table("customers").Column("email_normalized").HasNoNulls();
/// Verify.Table("customers").Column("email_normalized").IsUnique();
/// Verify.Table("customers").HasNoRows("email_normalized &lt;&gt; lower(email_normalized)");
/// Verify.Table("customers").RowCountIsUnchanged();
/// </code>
/// </example>
public interface IVerifyExpressionRoot : IFluentSyntax
{
    /// <summary>The table to check. It needs a single-column primary key, by which offending rows are named.</summary>
    IVerifyTableOrInSchemaSyntax Table(string tableName);
}
