namespace FluentData.Syntax;

/// <summary>How the new values of several target columns are computed.</summary>
public interface ITransformColumnsUsingSyntax : IFluentSyntax
{
    /// <summary>
    /// Computes a row's new values in C#. The function reads the row and sets target columns by
    /// name: <c>.Using((row, set) =&gt; { set["first_name"] = ...; set["last_name"] = ...; })</c>.
    /// A target column the function does not set keeps its value.
    /// </summary>
    ITransformOptionsSyntax Using(Action<IDataRow, IColumnValues> transform);

    /// <summary>
    /// Transforms rows as instances of your own class or record, as <see cref="ITransformColumnSyntax.Using{T}(Action{T})"/>
    /// does, writing only the columns named in <c>.Columns(...)</c>: a change to any other property is refused.
    /// </summary>
    ITransformOptionsSyntax Using<T>(Action<T> transform)
        where T : class;

    /// <summary>The same, the function returning the row changed (a record's <c>with</c>).</summary>
    ITransformOptionsSyntax Using<T>(Func<T, T> transform)
        where T : class;
}
