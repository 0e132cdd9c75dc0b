using FluentData.Expressions;

namespace FluentData.Syntax.Verify;

/// <summary>Implements every step of the verify syntax by filling one <see cref="VerifyExpression"/>.</summary>
internal sealed class VerifyExpressionBuilder(VerifyExpression expression)
    : IVerifyTableOrInSchemaSyntax, IVerifyColumnSyntax
{
    public IVerifyTableSyntax InSchema(string schemaName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schemaName);
        expression.SchemaName = schemaName;
        return this;
    }

    public IVerifyColumnSyntax Column(string columnName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(columnName);
        expression.ColumnName = columnName;
        return this;
    }

    public void HasNoRows(string sqlPredicate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sqlPredicate);
        expression.Check = VerifyCheck.HasNoRows;
        expression.Predicate = sqlPredicate;
    }

    public void RowCountIsUnchanged() => expression.Check = VerifyCheck.RowCountIsUnchanged;

    public void HasNoNulls() => expression.Check = VerifyCheck.HasNoNulls;

    public void IsUnique() => expression.Check = VerifyCheck.IsUnique;
}
