namespace FluentData.Syntax;

/// <summary>How a source row becomes rows of the target.</summary>
public interface ICopyMappingSyntax : IFluentSyntax
{
    /// <summary>
    /// One target row per source row, computed by the database (<c>INSERT ... SELECT</c> per key
    /// range; no row travels to the client): each target column with its value as SQL over the
    /// source row, e.g. <c>.Columns(("customer_id", "id"), ("street", "trim(street)"))</c>. Target
    /// columns not named take their defaults. The SQL is run as written, in the database's dialect.
    /// </summary>
    ICopyOptionsSyntax Columns(params (string Target, string Sql)[] columns);

    /// <summary>
    /// Zero or one target row per source row, computed in C#: return an object whose properties
    /// name target columns (an anonymous type, a class or record, or an
    /// <c>IDictionary&lt;string, object?&gt;</c>), or <see langword="null"/> to skip the row:
    /// <c>.Using(row =&gt; new { customer_id = row.Get&lt;long&gt;("id"), street = row.Get&lt;string&gt;("street") })</c>.
    /// Properties match columns by name, ignoring case and underscores, or by their
    /// <c>[Column("name")]</c>; target columns not named take their defaults.
    /// </summary>
    ICopyOptionsSyntax Using(Func<IDataRow, object?> map);

    /// <summary>
    /// Any number of target rows per source row, computed in C#: call <c>insert</c> once per row
    /// (objects as for <see cref="Using(Func{IDataRow, object?})"/>), e.g. to split a row's phone
    /// numbers into rows of their own.
    /// </summary>
    ICopyOptionsSyntax Using(Action<IDataRow, Action<object>> split);

    /// <summary>
    /// Zero or one target row per source row, computed in C# from the source row read into your own
    /// class or record (matched to the source table's columns as a typed transform's rows are, and
    /// checked before the first row is inserted): <c>.Using&lt;Customer&gt;(c =&gt; c.Street is null ? null : new Address(c.Id, c.Street))</c>.
    /// </summary>
    ICopyOptionsSyntax Using<TSource>(Func<TSource, object?> map)
        where TSource : class;

    /// <summary>Any number of target rows per source row read into your own class or record, as <see cref="Using{TSource}(Func{TSource, object?})"/>.</summary>
    ICopyOptionsSyntax Using<TSource>(Action<TSource, Action<object>> split)
        where TSource : class;
}
