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
}
