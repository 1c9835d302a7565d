using System.Collections.Immutable;

namespace Matrix.Complement.Harness.Network;

/// <summary>The rules currently installed, in the order they were added. Lock-free to read.</summary>
internal sealed class RuleSet
{
    private readonly Lock _gate = new();
    private ImmutableArray<ActiveRule> _rules = [];

    /// <summary>How many rules are installed.</summary>
    public int Count => _rules.Length;

    public void Add(IEnumerable<ActiveRule> rules)
    {
        lock (_gate) _rules = _rules.AddRange(rules);
    }

    public void Remove(IEnumerable<ActiveRule> rules)
    {
        lock (_gate) _rules = _rules.RemoveRange(rules);
    }

    /// <summary>Rules whose criteria other than the body match, oldest first.</summary>
    public List<ActiveRule>? Candidates(ProxyRequest request)
    {
        var rules = _rules;
        if (rules.IsEmpty) return null;
        List<ActiveRule>? found = null;
        foreach (var rule in rules)
        {
            if (rule.MatchesHead(request)) (found ??= []).Add(rule);
        }
        return found;
    }
}
