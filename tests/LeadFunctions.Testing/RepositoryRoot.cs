namespace LeadFunctions.Testing;

/// <summary>Finds the repository root: the nearest folder above the test binaries that holds <c>package.json</c>.</summary>
public static class RepositoryRoot
{
    /// <summary>The repository root's full path.</summary>
    /// <exception cref="InvalidOperationException">No folder above <see cref="AppContext.BaseDirectory"/> holds package.json.</exception>
    public static string Find()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "package.json")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No folder above {AppContext.BaseDirectory} holds package.json: run the tests from inside the repository.");
    }
}
