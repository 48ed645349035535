namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>
/// A function, class, lambda, comprehension or the module: its names and how they bind (upstream's scope.c), plus
/// the sizes the emitter computes and the raw code it produces.
/// </summary>
internal sealed class Scope
{
    public const int FlagGenerator = 0x01;
    public const int FlagVarKeywords = 0x02;
    public const int FlagVarArgs = 0x04;
    public const int FlagDefKwArgs = 0x08;
    public const int FlagRefGlobals = 0x10;
    public const int FlagHasConsts = 0x20;

    public Scope(ScopeKind kind, RuleNode? node, Scope? parent, int emitOptions)
    {
        Kind = kind;
        Node = node;
        Parent = parent;
        EmitOptions = emitOptions;
        SimpleName = kind switch
        {
            ScopeKind.Module => "<module>",
            ScopeKind.Lambda => "<lambda>",
            ScopeKind.ListComp => "<listcomp>",
            ScopeKind.DictComp => "<dictcomp>",
            ScopeKind.SetComp => "<setcomp>",
            ScopeKind.GenExpr => "<genexpr>",
            _ => ((NameNode)node![0]!).Name,
        };
    }

    public ScopeKind Kind { get; }

    public RuleNode? Node { get; }

    /// <summary>The module's whole tree, which may be a single statement rather than a rule list.</summary>
    public ParseNode? RootNode { get; set; }

    public Scope? Parent { get; }

    public int EmitOptions { get; }

    public string SimpleName { get; }

    public int ScopeFlags { get; set; }

    public int NumPosArgs { get; set; }

    public int NumKwOnlyArgs { get; set; }

    public int NumDefPosArgs { get; set; }

    public int NumLocals { get; set; }

    public int StackSize { get; set; }

    public int ExcStackSize { get; set; }

    /// <summary>The names in order of first appearance, which decides local numbering as upstream.</summary>
    public List<IdInfo> Ids { get; } = new();

    private readonly Dictionary<string, IdInfo> _byName = new(StringComparer.Ordinal);

    public RawCode RawCode { get; } = new();

    public bool IsFunctionLike => Kind >= ScopeKind.Function;

    public bool IsCompLike => Kind >= ScopeKind.ListComp;

    public IdInfo? Find(string name) => _byName.TryGetValue(name, out var id) ? id : null;

    public IdInfo FindOrAdd(string name, IdKind kind)
    {
        var id = Find(name);
        if (id != null)
        {
            return id;
        }

        id = new IdInfo(name, kind);
        Ids.Add(id);
        _byName.Add(name, id);
        return id;
    }

    public IdInfo? FindGlobal(string name)
    {
        var s = this;
        while (s.Parent != null)
        {
            s = s.Parent;
        }

        return s.Find(name);
    }

    private void CloseOverInParents(string name)
    {
        for (var s = Parent!; ; s = s.Parent!)
        {
            var id = s.FindOrAdd(name, IdKind.Undecided);
            if (id.Kind == IdKind.Undecided)
            {
                id.Kind = IdKind.Free;
            }
            else
            {
                if (id.Kind == IdKind.Local)
                {
                    id.Kind = IdKind.Cell;
                }

                return;
            }
        }
    }

    public void CheckToCloseOver(IdInfo id)
    {
        if (Parent == null)
        {
            return;
        }

        for (var s = Parent; s.Parent != null; s = s.Parent)
        {
            var id2 = s.Find(id.Name);
            if (id2 != null)
            {
                if (id2.Kind is IdKind.Local or IdKind.Cell or IdKind.Free)
                {
                    id.Kind = IdKind.Free;
                    CloseOverInParents(id.Name);
                }

                break;
            }
        }
    }

    public IdInfo GetIdForModification(string name)
    {
        var id = FindOrAdd(name, IdKind.GlobalImplicit);
        if (id.Kind == IdKind.GlobalImplicit)
        {
            id.Kind = IsFunctionLike ? IdKind.Local : IdKind.GlobalImplicitAssigned;
        }

        return id;
    }

    // Upstream's scope_compute_things: local numbering, cells after locals, free variables first.
    public void ComputeThings()
    {
        if ((ScopeFlags & FlagVarArgs) != 0)
        {
            int paramIndex = -1;
            for (var i = Ids.Count - 1; i >= 0; i--)
            {
                var id = Ids[i];
                if ((id.Flags & IdInfo.FlagIsStarParam) != 0)
                {
                    if (paramIndex >= 0)
                    {
                        (Ids[paramIndex], Ids[i]) = (Ids[i], Ids[paramIndex]);
                    }

                    break;
                }

                if (paramIndex < 0 && id.Flags == IdInfo.FlagIsParam)
                {
                    paramIndex = i;
                }
            }
        }

        NumLocals = 0;
        foreach (var id in Ids)
        {
            if (Kind == ScopeKind.Class && id.Name == "__class__")
            {
                continue;
            }

            if (IsFunctionLike && id.Kind == IdKind.GlobalImplicit)
            {
                id.Kind = IdKind.GlobalExplicit;
            }

            if (id.Kind == IdKind.GlobalExplicit)
            {
                ScopeFlags |= FlagRefGlobals;
            }

            if (id.Kind == IdKind.Local || (id.Flags & IdInfo.FlagIsParam) != 0)
            {
                id.LocalNum = NumLocals++;
            }
        }

        foreach (var id in Ids)
        {
            if (id.Kind == IdKind.Cell && (id.Flags & IdInfo.FlagIsParam) == 0)
            {
                id.LocalNum = NumLocals++;
            }
        }

        if (Parent != null)
        {
            var numFree = 0;
            foreach (var pid in Parent.Ids)
            {
                if (pid.Kind is IdKind.Cell or IdKind.Free)
                {
                    foreach (var id2 in Ids)
                    {
                        if (id2.Kind == IdKind.Free && id2.Name == pid.Name)
                        {
                            id2.LocalNum = numFree++;
                        }
                    }
                }
            }

            if (numFree > 0)
            {
                foreach (var id in Ids)
                {
                    if (id.Kind != IdKind.Free || (id.Flags & IdInfo.FlagIsParam) != 0)
                    {
                        id.LocalNum += numFree;
                    }
                }

                NumPosArgs += numFree;
                NumLocals += numFree;
            }
        }
    }
}
