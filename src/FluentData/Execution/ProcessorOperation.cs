using System.Data.Common;
using FluentMigrator;
using FluentMigrator.Expressions;

namespace FluentData.Execution;

/// <summary>How every FluentData expression reaches the database when FluentMigrator executes it.</summary>
internal static class ProcessorOperation
{
    /// <summary>
    /// Runs <paramref name="operation"/> on the processor's open connection and current transaction
    /// (null when the migration runs without one). A PerformDBOperationExpression is FluentMigrator's
    /// way in, and it is skipped in preview mode, as a data change should be.
    /// </summary>
    public static void Run(IMigrationProcessor processor, string description, Action<DbConnection, DbTransaction?> operation)
    {
        ArgumentNullException.ThrowIfNull(processor);
        processor.Process(new PerformDBOperationExpression
        {
            Description = description,
            Operation = (connection, transaction) => operation((DbConnection)connection, (DbTransaction?)transaction),
        });
    }
}
