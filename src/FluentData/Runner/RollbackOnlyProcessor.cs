using System.Data;
using FluentMigrator;
using FluentMigrator.Expressions;
using FluentMigrator.Runner.Processors;

namespace FluentData.Runner;

/// <summary>
/// FluentMigrator's processor for a plan or a dry run: every statement goes through, but
/// FluentMigrator's own transaction calls do nothing. It commits as it goes and even checks the
/// connection by beginning and rolling back a transaction; this way the whole run stays in the
/// one transaction the runner opened, and that the runner rolls back at the end.
/// </summary>
internal sealed class RollbackOnlyProcessor(GenericProcessorBase inner) : IMigrationProcessor
{
    public GenericProcessorBase Inner => inner;

    public string DatabaseType => inner.DatabaseType;

    public IList<string> DatabaseTypeAliases => inner.DatabaseTypeAliases;

    public void BeginTransaction()
    {
        // The runner's transaction is already open: see the class summary.
    }

    public void CommitTransaction()
    {
        // Deliberately nothing: see the class summary.
    }

    public void RollbackTransaction()
    {
        // The runner rolls back once, at the end: see the class summary.
    }

    public void Execute(string template, params object[] args) => inner.Execute(template, args);

    public void Execute(string sql) => inner.Execute(sql);

    public DataSet ReadTableData(string schemaName, string tableName) => inner.ReadTableData(schemaName, tableName);

    public DataSet Read(string template, params object[] args) => inner.Read(template, args);

    public bool Exists(string template, params object[] args) => inner.Exists(template, args);

    public bool SchemaExists(string schemaName) => inner.SchemaExists(schemaName);

    public bool TableExists(string schemaName, string tableName) => inner.TableExists(schemaName, tableName);

    public bool ColumnExists(string schemaName, string tableName, string columnName) => inner.ColumnExists(schemaName, tableName, columnName);

    public bool ConstraintExists(string schemaName, string tableName, string constraintName) => inner.ConstraintExists(schemaName, tableName, constraintName);

    public bool IndexExists(string schemaName, string tableName, string indexName) => inner.IndexExists(schemaName, tableName, indexName);

    public bool SequenceExists(string schemaName, string sequenceName) => inner.SequenceExists(schemaName, sequenceName);

    public bool DefaultValueExists(string schemaName, string tableName, string columnName, object defaultValue) => inner.DefaultValueExists(schemaName, tableName, columnName, defaultValue);

    public void Process(CreateSchemaExpression expression) => inner.Process(expression);

    public void Process(DeleteSchemaExpression expression) => inner.Process(expression);

    public void Process(AlterTableExpression expression) => inner.Process(expression);

    public void Process(AlterColumnExpression expression) => inner.Process(expression);

    public void Process(CreateTableExpression expression) => inner.Process(expression);

    public void Process(CreateColumnExpression expression) => inner.Process(expression);

    public void Process(DeleteTableExpression expression) => inner.Process(expression);

    public void Process(DeleteColumnExpression expression) => inner.Process(expression);

    public void Process(CreateForeignKeyExpression expression) => inner.Process(expression);

    public void Process(DeleteForeignKeyExpression expression) => inner.Process(expression);

    public void Process(CreateIndexExpression expression) => inner.Process(expression);

    public void Process(DeleteIndexExpression expression) => inner.Process(expression);

    public void Process(RenameTableExpression expression) => inner.Process(expression);

    public void Process(RenameColumnExpression expression) => inner.Process(expression);

    public void Process(InsertDataExpression expression) => inner.Process(expression);

    public void Process(AlterDefaultConstraintExpression expression) => inner.Process(expression);

    public void Process(PerformDBOperationExpression expression) => inner.Process(expression);

    public void Process(DeleteDataExpression expression) => inner.Process(expression);

    public void Process(UpdateDataExpression expression) => inner.Process(expression);

    public void Process(AlterSchemaExpression expression) => inner.Process(expression);

    public void Process(CreateSequenceExpression expression) => inner.Process(expression);

    public void Process(DeleteSequenceExpression expression) => inner.Process(expression);

    public void Process(CreateConstraintExpression expression) => inner.Process(expression);

    public void Process(DeleteConstraintExpression expression) => inner.Process(expression);

    public void Process(DeleteDefaultConstraintExpression expression) => inner.Process(expression);
    public void Dispose()
    {
        // The DI scope disposes the inner processor.
    }
}
