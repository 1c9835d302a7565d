using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using NUnit.Framework.Internal.Commands;

namespace Matrix.Complement.NUnit;

/// <summary>
/// Marks a scenario: a <c>[Test]</c> whose outcome is checked against <see cref="KnownDivergences"/>. A listed
/// scenario that fails reports as an expected failure (Inconclusive, labelled "Expected failure", with property
/// <c>Divergence</c>); a listed scenario that passes reports as a failure with property <c>UnexpectedPass</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ScenarioAttribute : TestAttribute, IWrapTestMethod
{
    /// <summary>The label of an expected failure in results.</summary>
    public static readonly ResultState ExpectedFailure = new(TestStatus.Inconclusive, "Expected failure");

    /// <inheritdoc />
    public TestCommand Wrap(TestCommand command) => new LedgerCommand(command);

    /// <summary>
    /// How the ledger reclassifies an outcome: null when it stays as it is; otherwise the new state, message and
    /// the property to record (<c>Divergence</c> or <c>UnexpectedPass</c>).
    /// </summary>
    public static (ResultState State, string Message, string Property)? Reclassify(KnownDivergence? entry, TestStatus status,
        string? message, string clients, string label = "")
    {
        if (entry is null) return null;
        // Only an unmet expectation is excused: an Error, a cancellation or a set-up failure stays what it is.
        if (status == TestStatus.Failed && label is not ("" or "Failure")) return null;
        var note = $"Known divergence: {entry.Reason} ({entry.Link})";
        return status switch
        {
            TestStatus.Failed => (ExpectedFailure, $"{note}\nObserved: {message}", "Divergence"),
            TestStatus.Passed when entry.Intermittent => null,
            TestStatus.Passed => (ResultState.Failure,
                $"Unexpected pass: this scenario is in the divergence ledger ({note}) but passed with {clients}. " +
                "Remove or narrow the entry in KnownDivergences.cs.", "UnexpectedPass"),
            _ => null,
        };
    }

    private sealed class LedgerCommand(TestCommand inner) : DelegatingTestCommand(inner)
    {
        public override TestResult Execute(TestExecutionContext context)
        {
            try
            {
                context.CurrentResult = innerCommand.Execute(context);
            }
            catch (Exception e)
            {
                // The test method threw: record it here, so the ledger below sees the outcome. An expectation the
                // product did not meet is a Failure; anything else (the harness or environment broke) an Error.
                var thrown = e is NUnitException { InnerException: { } inner } ? inner : e;
                if (thrown.GetType().Name == "ExpectationFailedException")
                    context.CurrentResult.SetResult(ResultState.Failure, thrown.Message, thrown.StackTrace);
                else
                    context.CurrentResult.RecordException(thrown);
            }
            var result = context.CurrentResult;
            var test = context.CurrentTest;
            var clients = ClientsOf(test);
            var entry = KnownDivergences.Find(test.ClassName?.Split('.').Last() ?? "", test.MethodName ?? "", clients);
            if (Reclassify(entry, result.ResultState.Status, result.Message, clients, result.ResultState.Label) is { } verdict)
            {
                test.Properties.Set(verdict.Property, entry!.Reason);
                result.SetResult(verdict.State, verdict.Message, result.StackTrace);
            }
            return result;
        }

        // The fixture's first argument is its client pair (or single client) written as "js@hs1|nio@hs2".
        private static string ClientsOf(Test test)
        {
            for (var node = test.Parent; node is not null; node = node.Parent)
                if (node is TestFixture { Arguments.Length: > 0 } fixture)
                    return fixture.Arguments[0]?.ToString() ?? "";
            return "";
        }
    }
}
