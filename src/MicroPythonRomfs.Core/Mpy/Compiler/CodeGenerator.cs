namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>
/// Walks the parse tree of every scope through upstream's passes (scope analysis, stack size, code size, emit) and
/// makes the same decisions as upstream's compile.c about which nodes become which opcodes.
/// </summary>
internal sealed class CodeGenerator
{
    private const int InvalidLabel = 0xffff;

    private readonly BytecodeEmitter _emit;
    private readonly List<Scope> _scopes = new();
    private CompilePass _pass;
    private Scope _scope = null!;
    private int _nextLabel;
    private bool _haveStar;
    private int _numDictParams;
    private int _numDefaultParams;
    private int _breakLabel = InvalidLabel;
    private int _continueLabel = InvalidLabel;
    private int _curExceptLevel;
    private int _breakContinueExceptLevel;
    private CompileError? _error;

    /// <summary>The first native emitter a decorator asked for, if any.</summary>
    public string? NativeEmitter { get; private set; }

    private readonly int _optimizationLevel;

    private readonly int _smallIntBits;

    private CodeGenerator(ModuleConstants module, int optimizationLevel, int smallIntBits)
    {
        _optimizationLevel = optimizationLevel;
        _smallIntBits = smallIntBits;
        _emit = new BytecodeEmitter(module) { KeepLineNumbers = optimizationLevel < 3 };
    }

    private sealed class CompileError
    {
        public CompileError(string message, int line)
        {
            Message = message;
            Line = line;
        }

        public string Message { get; }

        public int Line { get; set; }
    }

    public static RawCode Compile(ParseNode? root, ModuleConstants module, int optimizationLevel = 0, int smallIntBits = 31)
    {
        var gen = new CodeGenerator(module, optimizationLevel, smallIntBits);
        return gen.Run(root);
    }

    private RawCode Run(ParseNode? root)
    {
        var moduleScope = NewScope(ScopeKind.Module, root as RuleNode, null);
        moduleScope.RootNode = root;
        var maxLabels = 0;
        for (var i = 0; i < _scopes.Count && _error == null; i++)
        {
            var s = _scopes[i];
            CompileScope(s, CompilePass.Scope);
            foreach (var id in s.Ids)
            {
                if (id.Kind == IdKind.GlobalImplicit)
                {
                    s.CheckToCloseOver(id);
                }
            }

            maxLabels = Math.Max(maxLabels, _nextLabel);
        }

        for (var i = 0; i < _scopes.Count && _error == null; i++)
        {
            _scopes[i].ComputeThings();
        }

        _emit.SetMaxLabels(maxLabels);
        for (var i = 0; i < _scopes.Count && _error == null; i++)
        {
            var s = _scopes[i];
            CompileScope(s, CompilePass.StackSize);
            if (_error == null)
            {
                CompileScope(s, CompilePass.CodeSize);
            }

            if (_error == null)
            {
                var guard = 0;
                while (!CompileScope(s, CompilePass.Emit))
                {
                    if (++guard > 100)
                    {
                        throw new InvalidOperationException("The emit pass did not settle.");
                    }
                }
            }
        }

        if (_error != null)
        {
            if (_error.Line == 0 && _scope.Node != null)
            {
                _error.Line = _scope.Node.Line;
            }

            throw new MpySyntaxException("SyntaxError", _error.Message, _error.Line, _scope.SimpleName) { NativeEmitter = NativeEmitter };
        }

        return moduleScope.RawCode;
    }

    private Scope NewScope(ScopeKind kind, RuleNode? node, Scope? parent)
    {
        var s = new Scope(kind, node, parent, 0);
        _scopes.Add(s);
        return s;
    }

    private void SyntaxError(ParseNode? pn, string message)
    {
        if (_error == null)
        {
            _error = new CompileError(message, pn is RuleNode r ? r.Line : pn is ConstNode c ? c.Line : 0);
        }
    }

    private void SetErrorLine(ParseNode? pn)
    {
        if (_error != null && _error.Line == 0)
        {
            if (pn is RuleNode r)
            {
                _error.Line = r.Line;
            }
            else if (pn is ConstNode c)
            {
                _error.Line = c.Line;
            }
        }
    }

    private int NextLabel() => _nextLabel++;

    private static bool IsKind(ParseNode? pn, RuleKind kind) => pn is RuleNode r && r.Kind == kind;

    private static ParseNode?[] ExtractList(ParseNode? pn, RuleKind kind)
    {
        if (pn == null)
        {
            return Array.Empty<ParseNode?>();
        }

        if (pn is RuleNode r && r.Kind == kind)
        {
            return r.Children;
        }

        return new[] { pn };
    }

    // ---- id operations ---------------------------------------------------------------------

    private void LoadId(string name)
    {
        if (_pass == CompilePass.Scope)
        {
            _scope.FindOrAdd(name, IdKind.GlobalImplicit);
        }
        else
        {
            IdOp(name, 0);
        }
    }

    private void StoreId(string name)
    {
        if (_pass == CompilePass.Scope)
        {
            _scope.GetIdForModification(name);
        }
        else
        {
            IdOp(name, 1);
        }
    }

    private void DeleteId(string name)
    {
        if (_pass == CompilePass.Scope)
        {
            _scope.GetIdForModification(name);
        }
        else
        {
            IdOp(name, 2);
        }
    }

    private void IdOp(string name, int op)
    {
        var id = _scope.Find(name) ?? throw new InvalidOperationException("Unknown identifier " + name);
        switch (id.Kind)
        {
            case IdKind.GlobalImplicit:
            case IdKind.GlobalImplicitAssigned:
            case IdKind.GlobalExplicit:
                var isExplicit = id.Kind == IdKind.GlobalExplicit;
                if (op == 0)
                {
                    _emit.LoadGlobal(name, isExplicit);
                }
                else if (op == 1)
                {
                    _emit.StoreGlobal(name, isExplicit);
                }
                else
                {
                    _emit.DeleteGlobal(name, isExplicit);
                }

                break;
            default:
                var deref = id.Kind != IdKind.Local;
                if (op == 0)
                {
                    _emit.LoadLocal(id.LocalNum, deref);
                }
                else if (op == 1)
                {
                    _emit.StoreLocal(id.LocalNum, deref);
                }
                else
                {
                    _emit.DeleteLocal(id.LocalNum, deref);
                }

                break;
        }
    }

    // ---- scopes ----------------------------------------------------------------------------

    private bool CompileScope(Scope scope, CompilePass pass)
    {
        _pass = pass;
        _scope = scope;
        _nextLabel = 0;
        _emit.StartPass(pass, scope);
        if (pass == CompilePass.Scope)
        {
            scope.StackSize = 0;
            scope.ExcStackSize = 0;
        }

        switch (scope.Kind)
        {
            case ScopeKind.Module:
                // mpy-cross keeps no doc strings (MICROPY_ENABLE_DOC_STRING is off): a string statement emits nothing.
                CompileNode(scope.RootNode);
                _emit.LoadConstTok(TokenKind.KwNone);
                _emit.ReturnValue();
                break;
            case ScopeKind.Function:
            {
                var pns = scope.Node!;
                if (pass == CompilePass.Scope)
                {
                    _haveStar = false;
                    foreach (var p in ExtractList(pns[1], RuleKind.TypedArgsList))
                    {
                        CompileScopeParam(p, RuleKind.TypedArgsListName, RuleKind.TypedArgsListStar, RuleKind.TypedArgsListDblStar);
                    }
                }

                CompileNode(pns[3]);
                _emit.LoadConstTok(TokenKind.KwNone);
                _emit.ReturnValue();
                break;
            }

            case ScopeKind.Lambda:
            {
                var pns = scope.Node!;
                _emit.SetSourceLine(pns.Line);
                if (pass == CompilePass.Scope)
                {
                    _haveStar = false;
                    foreach (var p in ExtractList(pns[0], RuleKind.VarArgsList))
                    {
                        CompileScopeParam(p, RuleKind.VarArgsListName, RuleKind.VarArgsListStar, RuleKind.VarArgsListDblStar);
                    }
                }

                CompileNode(pns[1]);
                if ((scope.ScopeFlags & Scope.FlagGenerator) != 0)
                {
                    _emit.PopTop();
                    _emit.LoadConstTok(TokenKind.KwNone);
                }

                _emit.ReturnValue();
                break;
            }

            case ScopeKind.Class:
            {
                var pns = scope.Node!;
                if (pass == CompilePass.Scope)
                {
                    scope.FindOrAdd("__class__", IdKind.Local);
                }

                LoadId("__name__");
                StoreId("__module__");
                _emit.LoadConstStr(((NameNode)pns[0]!).Name);
                StoreId("__qualname__");
                CompileNode(pns[2]);
                var id = scope.Find("__class__")!;
                if (id.Kind == IdKind.Local)
                {
                    _emit.LoadConstTok(TokenKind.KwNone);
                }
                else
                {
                    _emit.LoadLocal(id.LocalNum, false);
                }

                _emit.ReturnValue();
                break;
            }

            default:
            {
                // Comprehensions: the node is (expression, comp_for).
                var pns = scope.Node!;
                var compFor = (RuleNode)pns[1]!;
                if (pass == CompilePass.Scope)
                {
                    scope.FindOrAdd(string.Empty, IdKind.Local);
                    scope.NumPosArgs = 1;
                }

                _emit.SetSourceLine(pns.Line);
                if (scope.Kind == ScopeKind.ListComp)
                {
                    _emit.Build(0, 1);
                }
                else if (scope.Kind == ScopeKind.DictComp)
                {
                    _emit.Build(0, 2);
                }
                else if (scope.Kind == ScopeKind.SetComp)
                {
                    _emit.Build(0, 3);
                }

                if (scope.Kind == ScopeKind.GenExpr)
                {
                    _emit.LoadNull();
                    LoadId(string.Empty);
                    _emit.LoadNull();
                    _emit.LoadNull();
                }
                else
                {
                    LoadId(string.Empty);
                    _emit.GetIter(true);
                }

                CompileScopeCompIter(compFor, pns[0], 0);
                if (scope.Kind == ScopeKind.GenExpr)
                {
                    _emit.LoadConstTok(TokenKind.KwNone);
                }

                _emit.ReturnValue();
                break;
            }
        }

        return _emit.EndPass();
    }

    private void CompileScopeParam(ParseNode? pn, RuleKind pnName, RuleKind pnStar, RuleKind pnDblStar)
    {
        if ((_scope.ScopeFlags & Scope.FlagVarKeywords) != 0)
        {
            SyntaxError(pn, "invalid syntax");
            return;
        }

        string? paramName = null;
        var paramFlag = IdInfo.FlagIsParam;
        if (pn is NameNode n)
        {
            paramName = n.Name;
            if (_haveStar)
            {
                _scope.NumKwOnlyArgs++;
            }
            else
            {
                _scope.NumPosArgs++;
            }
        }
        else
        {
            var pns = (RuleNode)pn!;
            if (pns.Kind == pnName)
            {
                paramName = ((NameNode)pns[0]!).Name;
                if (_haveStar)
                {
                    _scope.NumKwOnlyArgs++;
                }
                else
                {
                    _scope.NumPosArgs++;
                }
            }
            else if (pns.Kind == pnStar)
            {
                if (_haveStar)
                {
                    SyntaxError(pn, "invalid syntax");
                    return;
                }

                _haveStar = true;
                paramFlag = IdInfo.FlagIsParam | IdInfo.FlagIsStarParam;
                if (pns[0] == null)
                {
                    // bare star
                }
                else if (pns[0] is NameNode sn)
                {
                    _scope.ScopeFlags |= Scope.FlagVarArgs;
                    paramName = sn.Name;
                }
                else
                {
                    _scope.ScopeFlags |= Scope.FlagVarArgs;
                    paramName = ((NameNode)((RuleNode)pns[0]!)[0]!).Name;
                }
            }
            else
            {
                paramName = ((NameNode)pns[0]!).Name;
                paramFlag = IdInfo.FlagIsParam | IdInfo.FlagIsDblStarParam;
                _scope.ScopeFlags |= Scope.FlagVarKeywords;
            }
        }

        if (paramName != null)
        {
            var id = _scope.FindOrAdd(paramName, IdKind.Undecided);
            if (id.Kind != IdKind.Undecided)
            {
                SyntaxError(pn, "argument name reused");
                return;
            }

            id.Kind = IdKind.Local;
            id.Flags = paramFlag;
        }
    }

    private void CompileScopeCompIter(RuleNode compFor, ParseNode? innerExpr, int forDepth)
    {
        var lTop = NextLabel();
        var lEnd = NextLabel();
        _emit.LabelAssign(lTop);
        _emit.ForIter(lEnd);
        CAssign(compFor[0], AssignKind.Store);
        var pnIter = compFor[2];
        while (true)
        {
            if (pnIter == null)
            {
                CompileNode(innerExpr);
                if (_scope.Kind == ScopeKind.GenExpr)
                {
                    _emit.Yield(0);
                    _emit.PopTop();
                }
                else
                {
                    _emit.StoreComp(_scope.Kind, (4 * forDepth) + 5);
                }

                break;
            }

            var it = (RuleNode)pnIter;
            if (it.Kind == RuleKind.CompIf)
            {
                CIfCond(it[0], false, lTop);
                pnIter = it[1];
                continue;
            }

            CompileNode(it[1]);
            _emit.GetIter(true);
            CompileScopeCompIter(it, innerExpr, forDepth + 1);
            break;
        }

        _emit.Jump(lTop);
        _emit.LabelAssign(lEnd);
        _emit.ForIterEnd();
    }

    // ---- nodes -----------------------------------------------------------------------------

    private void CompileNode(ParseNode? pn)
    {
        switch (pn)
        {
            case null:
                return;
            case SmallIntNode s:
                _emit.LoadConstSmallInt(s.Value);
                return;
            case NameNode n:
                LoadId(n.Name);
                return;
            case StringNode str:
                _emit.LoadConstStr(str.Value);
                return;
            case TokenNode t:
                if (t.Kind != TokenKind.Newline)
                {
                    _emit.LoadConstTok(t.Kind);
                }

                return;
            case ConstNode c:
                _emit.SetSourceLine(c.Line);
                _emit.LoadConstObj(c.Value);
                return;
        }

        var r = (RuleNode)pn;
        _emit.SetSourceLine(r.Line);
        switch (r.Kind)
        {
            case RuleKind.FileInput:
            case RuleKind.SimpleStmts:
            case RuleKind.SuiteBlockStmts:
            case RuleKind.PassStmt:
                CompileGenericAllNodes(r);
                break;
            case RuleKind.Decorated: CompileDecorated(r); break;
            case RuleKind.FuncDef: StoreId(CompileFuncDefHelper(r)); break;
            case RuleKind.ClassDef: StoreId(CompileClassDefHelper(r)); break;
            case RuleKind.AsyncStmt: CompileAsyncStmt(r); break;
            case RuleKind.ExprStmt: CompileExprStmt(r); break;
            case RuleKind.TestListStarExpr:
            case RuleKind.TestList:
            case RuleKind.ExprList:
            case RuleKind.SubscriptList:
                CompileGenericTuple(r);
                break;
            case RuleKind.DelStmt:
                foreach (var item in ExtractList(r[0], RuleKind.ExprList))
                {
                    CDelStmt(item);
                }

                break;
            case RuleKind.BreakStmt:
            case RuleKind.ContinueStmt:
                CompileBreakContinue(r);
                break;
            case RuleKind.ReturnStmt: CompileReturn(r); break;
            case RuleKind.YieldStmt:
                CompileNode(r[0]);
                _emit.PopTop();
                break;
            case RuleKind.RaiseStmt: CompileRaise(r); break;
            case RuleKind.ImportName:
                foreach (var item in ExtractList(r[0], RuleKind.DottedAsNames))
                {
                    CompileDottedAsName(item);
                }

                break;
            case RuleKind.ImportFrom: CompileImportFrom(r); break;
            case RuleKind.GlobalStmt:
            case RuleKind.NonlocalStmt:
                CompileGlobalNonlocal(r);
                break;
            case RuleKind.AssertStmt: CompileAssert(r); break;
            case RuleKind.IfStmt: CompileIf(r); break;
            case RuleKind.WhileStmt: CompileWhile(r); break;
            case RuleKind.ForStmt: CompileFor(r); break;
            case RuleKind.TryStmt: CompileTry(r); break;
            case RuleKind.WithStmt:
            {
                var items = ExtractList(r[0], RuleKind.WithStmtList);
                CompileWithHelper(items, 0, r[1]);
                break;
            }

            case RuleKind.TestIfExpr: CompileTestIfExpr(r); break;
            case RuleKind.Lambdef: CompileLambdef(r); break;
            case RuleKind.NamedExprTest: CompileNamedExprHelper(r[0], r[1]); break;
            case RuleKind.OrTest:
            case RuleKind.AndTest:
                CompileOrAndTest(r);
                break;
            case RuleKind.NotTest2:
                CompileNode(r[0]);
                _emit.UnaryOp(Opcode.UnaryNot);
                break;
            case RuleKind.Comparison: CompileComparison(r); break;
            case RuleKind.StarExpr: SyntaxError(r, "*x must be assignment target"); break;
            case RuleKind.Expr:
            case RuleKind.XorExpr:
            case RuleKind.AndExpr:
            {
                var op = r.Kind == RuleKind.Expr ? Opcode.BinaryOr : r.Kind == RuleKind.XorExpr ? Opcode.BinaryOr + 1 : Opcode.BinaryOr + 2;
                CompileNode(r[0]);
                for (var i = 1; i < r.Count; i++)
                {
                    CompileNode(r[i]);
                    _emit.BinaryOp(op);
                }

                break;
            }

            case RuleKind.ShiftExpr:
            case RuleKind.ArithExpr:
            case RuleKind.Term:
                CompileNode(r[0]);
                for (var i = 1; i + 1 < r.Count; i += 2)
                {
                    CompileNode(r[i + 1]);
                    var tok = ((TokenNode)r[i]!).Kind;
                    _emit.BinaryOp(Opcode.BinaryLshift + (tok - TokenKind.OpDblLess));
                }

                break;
            case RuleKind.Factor2:
            {
                CompileNode(r[1]);
                var tok = ((TokenNode)r[0]!).Kind;
                _emit.UnaryOp(tok == TokenKind.OpTilde ? Opcode.UnaryInvert : tok == TokenKind.OpPlus ? Opcode.UnaryPositive : Opcode.UnaryNegative);
                break;
            }

            case RuleKind.Power:
                CompileGenericAllNodes(r);
                _emit.BinaryOp(Opcode.BinaryPower);
                break;
            case RuleKind.AtomExprAwait:
                if (_scope.Kind != ScopeKind.Function && _scope.Kind != ScopeKind.Lambda)
                {
                    SyntaxError(r, "'await' outside function");
                    return;
                }

                CompileAtomExprNormal(r);
                CompileYieldFrom();
                break;
            case RuleKind.AtomExprNormal: CompileAtomExprNormal(r); break;
            case RuleKind.AtomParen: CompileAtomParen(r); break;
            case RuleKind.AtomBracket: CompileAtomBracket(r); break;
            case RuleKind.AtomBrace: CompileAtomBraceHelper(r, true); break;
            case RuleKind.TrailerParen: CompileTrailerParenHelper(r[0], false, 0); break;
            case RuleKind.TrailerBracket:
                CompileNode(r[0]);
                _emit.SubscrLoad();
                break;
            case RuleKind.TrailerPeriod:
                _emit.AttrLoad(((NameNode)r[0]!).Name);
                break;
            case RuleKind.Subscript2:
            case RuleKind.Subscript3:
                CompileSubscript(r);
                break;
            case RuleKind.DictOrSetMakerItem:
                CompileNode(r[1]);
                CompileNode(r[0]);
                break;
            case RuleKind.YieldExpr: CompileYieldExpr(r); break;
            default:
                throw new NotSupportedException("No compiler for " + r.Kind);
        }
    }

    private void CompileGenericAllNodes(RuleNode r)
    {
        foreach (var c in r.Children)
        {
            CompileNode(c);
            if (_error != null)
            {
                SetErrorLine(c);
                return;
            }
        }
    }

    private void CompileGenericTuple(RuleNode r)
    {
        foreach (var c in r.Children)
        {
            CompileNode(c);
        }

        _emit.Build(r.Count, 0);
    }

    private void CIfCond(ParseNode? pn, bool jumpIf, int label)
    {
        if (Parser.IsConstFalse(pn))
        {
            if (!jumpIf)
            {
                _emit.Jump(label);
            }

            return;
        }

        if (Parser.IsConstTrue(pn))
        {
            if (jumpIf)
            {
                _emit.Jump(label);
            }

            return;
        }

        if (pn is RuleNode r)
        {
            if (r.Kind == RuleKind.OrTest || r.Kind == RuleKind.AndTest)
            {
                var isOr = r.Kind == RuleKind.OrTest;
                if (isOr != jumpIf)
                {
                    // Short-circuit over to a label after the test.
                    var label2 = NextLabel();
                    for (var i = 0; i < r.Count - 1; i++)
                    {
                        CIfCond(r[i], !jumpIf, label2);
                    }

                    CIfCond(r[r.Count - 1], jumpIf, label);
                    _emit.LabelAssign(label2);
                }
                else
                {
                    foreach (var c in r.Children)
                    {
                        CIfCond(c, jumpIf, label);
                    }
                }

                return;
            }

            if (r.Kind == RuleKind.NotTest2)
            {
                CIfCond(r[0], !jumpIf, label);
                return;
            }
        }

        CompileNode(pn);
        _emit.PopJumpIf(jumpIf, label);
    }

    private enum AssignKind
    {
        Store,
        AugLoad,
        AugStore,
    }

    private void CAssignAtomExpr(RuleNode pns, AssignKind kind)
    {
        if (kind != AssignKind.AugStore)
        {
            CompileNode(pns[0]);
        }

        if (pns[1] is RuleNode pns1)
        {
            if (pns1.Kind == RuleKind.AtomExprTrailers)
            {
                var n = pns1.Count;
                if (kind != AssignKind.AugStore)
                {
                    for (var i = 0; i < n - 1; i++)
                    {
                        CompileNode(pns1[i]);
                    }
                }

                pns1 = (RuleNode)pns1[n - 1]!;
            }

            if (pns1.Kind == RuleKind.TrailerBracket)
            {
                if (kind == AssignKind.AugStore)
                {
                    _emit.RotThree();
                    _emit.SubscrStore();
                }
                else
                {
                    CompileNode(pns1[0]);
                    if (kind == AssignKind.AugLoad)
                    {
                        _emit.DupTopTwo();
                        _emit.SubscrLoad();
                    }
                    else
                    {
                        _emit.SubscrStore();
                    }
                }

                return;
            }

            if (pns1.Kind == RuleKind.TrailerPeriod)
            {
                var name = ((NameNode)pns1[0]!).Name;
                if (kind == AssignKind.AugLoad)
                {
                    _emit.DupTop();
                    _emit.AttrLoad(name);
                }
                else
                {
                    if (kind == AssignKind.AugStore)
                    {
                        _emit.RotTwo();
                    }

                    _emit.AttrStore(name);
                }

                return;
            }
        }

        SyntaxError(pns, "can't assign to expression");
    }

    private void CAssignTuple(ParseNode?[] nodes)
    {
        var haveStar = -1;
        for (var i = 0; i < nodes.Length; i++)
        {
            if (IsKind(nodes[i], RuleKind.StarExpr))
            {
                if (haveStar < 0)
                {
                    _emit.UnpackEx(i, nodes.Length - i - 1);
                    haveStar = i;
                }
                else
                {
                    SyntaxError(nodes[i], "multiple *x in assignment");
                    return;
                }
            }
        }

        if (haveStar < 0)
        {
            _emit.UnpackSequence(nodes.Length);
        }

        for (var i = 0; i < nodes.Length; i++)
        {
            if (i == haveStar)
            {
                CAssign(((RuleNode)nodes[i]!)[0], AssignKind.Store);
            }
            else
            {
                CAssign(nodes[i], AssignKind.Store);
            }
        }
    }

    private void CAssign(ParseNode? pn, AssignKind kind)
    {
        if (pn is NameNode n)
        {
            if (kind == AssignKind.AugLoad)
            {
                LoadId(n.Name);
            }
            else
            {
                StoreId(n.Name);
            }

            return;
        }

        if (pn is RuleNode r)
        {
            switch (r.Kind)
            {
                case RuleKind.AtomExprNormal:
                    CAssignAtomExpr(r, kind);
                    return;
                case RuleKind.TestListStarExpr:
                case RuleKind.ExprList:
                    if (kind != AssignKind.Store)
                    {
                        break;
                    }

                    CAssignTuple(r.Children);
                    return;
                case RuleKind.AtomParen:
                    if (r[0] == null || kind != AssignKind.Store)
                    {
                        break;
                    }

                    var tl = (RuleNode)r[0]!;
                    if (IsCompFor(tl))
                    {
                        break;
                    }

                    CAssignTuple(tl.Children);
                    return;
                case RuleKind.AtomBracket:
                    if (kind != AssignKind.Store)
                    {
                        break;
                    }

                    if (r[0] == null)
                    {
                        CAssignTuple(Array.Empty<ParseNode?>());
                    }
                    else if (IsKind(r[0], RuleKind.TestListComp))
                    {
                        var tl2 = (RuleNode)r[0]!;
                        if (IsCompFor(tl2))
                        {
                            break;
                        }

                        CAssignTuple(tl2.Children);
                    }
                    else
                    {
                        CAssignTuple(new[] { r[0] });
                    }

                    return;
            }
        }

        SyntaxError(pn, "can't assign to expression");
    }

    private static bool IsCompFor(RuleNode testListComp) => testListComp.Count == 2 && IsKind(testListComp[1], RuleKind.CompFor);

    private void CloseOverVariablesEtc(Scope thisScope, int nPosDefaults, int nKwDefaults)
    {
        if (nKwDefaults > 0)
        {
            thisScope.ScopeFlags |= Scope.FlagDefKwArgs;
        }

        thisScope.NumDefPosArgs = nPosDefaults;
        _scope.ScopeFlags |= Scope.FlagRefGlobals | Scope.FlagHasConsts;

        var nfree = 0;
        if (_scope.Kind != ScopeKind.Module)
        {
            foreach (var id in _scope.Ids)
            {
                if (id.Kind is IdKind.Cell or IdKind.Free)
                {
                    foreach (var id2 in thisScope.Ids)
                    {
                        if (id2.Kind == IdKind.Free && id.Name == id2.Name)
                        {
                            _emit.LoadLocal(id.LocalNum, false);
                            nfree++;
                        }
                    }
                }
            }
        }

        if (nfree == 0)
        {
            _emit.MakeFunction(thisScope, nPosDefaults, nKwDefaults);
        }
        else
        {
            _emit.MakeClosure(thisScope, nfree, nPosDefaults, nKwDefaults);
        }
    }

    private void CompileFuncDefLambdefParam(ParseNode? pn)
    {
        RuleKind? kind = pn is RuleNode r ? r.Kind : null;
        if (kind is RuleKind.TypedArgsListStar or RuleKind.VarArgsListStar)
        {
            _haveStar = true;
            return;
        }

        if (kind is RuleKind.TypedArgsListDblStar or RuleKind.VarArgsListDblStar)
        {
            return;
        }

        ParseNode? pnId;
        ParseNode? pnEqual;
        if (kind == null)
        {
            pnId = pn;
            pnEqual = null;
        }
        else if (kind == RuleKind.TypedArgsListName)
        {
            var rn = (RuleNode)pn!;
            pnId = rn[0];
            pnEqual = rn[2];
        }
        else
        {
            var rn = (RuleNode)pn!;
            pnId = rn[0];
            pnEqual = rn[1];
        }

        if (pnEqual == null)
        {
            if (!_haveStar && _numDefaultParams != 0)
            {
                SyntaxError(pn, "non-default argument follows default argument");
            }

            return;
        }

        if (_haveStar)
        {
            _numDictParams++;
            if (_numDictParams == 1)
            {
                if (_numDefaultParams > 0)
                {
                    _emit.Build(_numDefaultParams, 0);
                }
                else
                {
                    _emit.LoadNull();
                }

                _emit.Build(0, 2);
            }

            CompileNode(pnEqual);
            _emit.LoadConstStr(((NameNode)pnId!).Name);
            _emit.StoreMap();
        }
        else
        {
            _numDefaultParams++;
            CompileNode(pnEqual);
        }
    }

    private void CompileFuncDefLambdef(Scope scope, ParseNode? pnParams, RuleKind listKind)
    {
        var origHaveStar = _haveStar;
        var origDict = _numDictParams;
        var origDefault = _numDefaultParams;
        _haveStar = false;
        _numDictParams = 0;
        _numDefaultParams = 0;
        foreach (var p in ExtractList(pnParams, listKind))
        {
            CompileFuncDefLambdefParam(p);
        }

        if (_error != null)
        {
            return;
        }

        if (_numDefaultParams > 0 && _numDictParams == 0)
        {
            _emit.Build(_numDefaultParams, 0);
            _emit.LoadNull();
        }

        CloseOverVariablesEtc(scope, _numDefaultParams, _numDictParams);
        _haveStar = origHaveStar;
        _numDictParams = origDict;
        _numDefaultParams = origDefault;
    }

    private string CompileFuncDefHelper(RuleNode pns)
    {
        if (_pass == CompilePass.Scope)
        {
            pns.Scope = NewScope(ScopeKind.Function, pns, _scope);
        }

        var fscope = pns.Scope!;
        CompileFuncDefLambdef(fscope, pns[1], RuleKind.TypedArgsList);
        return fscope.SimpleName;
    }

    private string CompileClassDefHelper(RuleNode pns)
    {
        if (_pass == CompilePass.Scope)
        {
            pns.Scope = NewScope(ScopeKind.Class, pns, _scope);
        }

        _emit.LoadBuildClass();
        var cscope = pns.Scope!;
        CloseOverVariablesEtc(cscope, 0, 0);
        _emit.LoadConstStr(cscope.SimpleName);
        var parents = pns[1];
        if (IsKind(parents, RuleKind.ClassDefEmptyParens))
        {
            parents = null;
        }

        CompileTrailerParenHelper(parents, false, 2);
        return cscope.SimpleName;
    }

    private bool CompileBuiltInDecorator(ParseNode?[] nameNodes)
    {
        if (((NameNode)nameNodes[0]!).Name != "micropython")
        {
            return false;
        }

        if (nameNodes.Length != 2)
        {
            SyntaxError(nameNodes[0], "invalid micropython decorator");
            return true;
        }

        var attr = ((NameNode)nameNodes[1]!).Name;
        if (attr == "bytecode")
        {
            return true;
        }

        if (attr is "native" or "viper" or "asm_thumb" or "asm_xtensa" or "asm_rv32")
        {
            // mpy-cross without -march refuses these with "invalid arch"; remember which emitter was asked for.
            SyntaxError(nameNodes[1], "invalid arch");
            if (NativeEmitter == null)
            {
                NativeEmitter = attr;
            }

            return true;
        }

        SyntaxError(nameNodes[1], "invalid micropython decorator");
        return true;
    }

    private void CompileDecorated(RuleNode pns)
    {
        var decorators = ExtractList(pns[0], RuleKind.Decorators);
        var numBuiltIn = 0;
        foreach (var d in decorators)
        {
            var dec = (RuleNode)d!;
            var nameNodes = ExtractList(dec[0], RuleKind.DottedName);
            if (CompileBuiltInDecorator(nameNodes))
            {
                numBuiltIn++;
            }
            else
            {
                CompileNode(nameNodes[0]);
                for (var j = 1; j < nameNodes.Length; j++)
                {
                    _emit.AttrLoad(((NameNode)nameNodes[j]!).Name);
                }

                if (dec[1] != null)
                {
                    CompileNode(dec[1]);
                }
            }
        }

        var body = (RuleNode)pns[1]!;
        string name;
        if (body.Kind == RuleKind.FuncDef)
        {
            name = CompileFuncDefHelper(body);
        }
        else if (body.Kind == RuleKind.AsyncFuncDef)
        {
            var f = (RuleNode)body[0]!;
            name = CompileFuncDefHelper(f);
            f.Scope!.ScopeFlags |= Scope.FlagGenerator;
        }
        else
        {
            name = CompileClassDefHelper(body);
        }

        for (var i = 0; i < decorators.Length - numBuiltIn; i++)
        {
            _emit.CallFunction(1, 0, 0);
        }

        StoreId(name);
    }

    private void CDelStmt(ParseNode? pn)
    {
        if (pn is NameNode n)
        {
            DeleteId(n.Name);
            return;
        }

        if (pn is RuleNode r && r.Kind == RuleKind.AtomExprNormal)
        {
            CompileNode(r[0]);
            if (r[1] is RuleNode pns1)
            {
                if (pns1.Kind == RuleKind.AtomExprTrailers)
                {
                    var n2 = pns1.Count;
                    for (var i = 0; i < n2 - 1; i++)
                    {
                        CompileNode(pns1[i]);
                    }

                    pns1 = (RuleNode)pns1[n2 - 1]!;
                }

                if (pns1.Kind == RuleKind.TrailerBracket)
                {
                    CompileNode(pns1[0]);
                    _emit.SubscrDelete();
                    return;
                }

                if (pns1.Kind == RuleKind.TrailerPeriod)
                {
                    _emit.AttrDelete(((NameNode)pns1[0]!).Name);
                    return;
                }
            }
        }
        else if (pn is RuleNode p && p.Kind == RuleKind.AtomParen && p[0] is RuleNode tl && !IsCompFor(tl))
        {
            foreach (var c in tl.Children)
            {
                CDelStmt(c);
            }

            return;
        }

        SyntaxError(pn, "can't delete expression");
    }

    private void CompileBreakContinue(RuleNode pns)
    {
        var label = pns.Kind == RuleKind.BreakStmt ? _breakLabel : _continueLabel;
        if (label == InvalidLabel)
        {
            SyntaxError(pns, "'break'/'continue' outside loop");
        }

        _emit.UnwindJump(label, _curExceptLevel - _breakContinueExceptLevel);
    }

    private void CompileReturn(RuleNode pns)
    {
        if (_scope.Kind != ScopeKind.Function)
        {
            SyntaxError(pns, "'return' outside function");
            return;
        }

        if (pns[0] == null)
        {
            _emit.LoadConstTok(TokenKind.KwNone);
        }
        else if (IsKind(pns[0], RuleKind.TestIfExpr))
        {
            var ifExpr = (RuleNode)pns[0]!;
            var ifElse = (RuleNode)ifExpr[1]!;
            var lFail = NextLabel();
            CIfCond(ifElse[0], false, lFail);
            CompileNode(ifExpr[0]);
            _emit.ReturnValue();
            _emit.LabelAssign(lFail);
            CompileNode(ifElse[1]);
        }
        else
        {
            CompileNode(pns[0]);
        }

        _emit.ReturnValue();
    }

    private void CompileRaise(RuleNode pns)
    {
        if (pns[0] == null)
        {
            _emit.RaiseVarargs(0);
        }
        else if (IsKind(pns[0], RuleKind.RaiseStmtArg))
        {
            var arg = (RuleNode)pns[0]!;
            CompileNode(arg[0]);
            CompileNode(arg[1]);
            _emit.RaiseVarargs(2);
        }
        else
        {
            CompileNode(pns[0]);
            _emit.RaiseVarargs(1);
        }
    }

    // Emits IMPORT_NAME for a module path and returns the name to bind (the first component, or the "as" name).
    private string DoImportName(ParseNode? pn)
    {
        var isAs = false;
        string? asName = null;
        if (IsKind(pn, RuleKind.DottedAsName))
        {
            var r = (RuleNode)pn!;
            asName = ((NameNode)r[1]!).Name;
            pn = r[0];
            isAs = true;
        }

        if (pn == null)
        {
            // "from . import x": the module path is empty.
            _emit.Import(string.Empty, 0);
            return string.Empty;
        }

        if (pn is NameNode n)
        {
            _emit.Import(n.Name, 0);
            return isAs ? asName! : n.Name;
        }

        var dotted = (RuleNode)pn;
        var full = string.Join(".", dotted.Children.Select(c => ((NameNode)c!).Name));
        var qBase = isAs ? asName! : ((NameNode)dotted[0]!).Name;
        _emit.Import(full, 0);
        if (isAs)
        {
            for (var i = 1; i < dotted.Count; i++)
            {
                _emit.AttrLoad(((NameNode)dotted[i]!).Name);
            }
        }

        return qBase;
    }

    private void CompileDottedAsName(ParseNode? pn)
    {
        _emit.LoadConstSmallInt(0);
        _emit.LoadConstTok(TokenKind.KwNone);
        var qBase = DoImportName(pn);
        StoreId(qBase);
    }

    private void CompileImportFrom(RuleNode pns)
    {
        var source = pns[0];
        var level = 0;
        ParseNode? rel = null;
        if (source is TokenNode || IsKind(source, RuleKind.OneOrMorePeriodOrEllipsis))
        {
            rel = source;
            source = null;
        }
        else if (IsKind(source, RuleKind.ImportFrom2b))
        {
            var b = (RuleNode)source!;
            rel = b[0];
            source = b[1];
        }

        if (rel != null)
        {
            foreach (var t in ExtractList(rel, RuleKind.OneOrMorePeriodOrEllipsis))
            {
                level += ((TokenNode)t!).Kind == TokenKind.DelPeriod ? 1 : 3;
            }
        }

        if (pns[1] is TokenNode { Kind: TokenKind.OpStar })
        {
            if (_scope.Kind != ScopeKind.Module)
            {
                SyntaxError(pns, "import * not at module level");
                return;
            }

            _emit.LoadConstSmallInt(level);
            _emit.LoadConstStr("*");
            _emit.Build(1, 0);
            DoImportName(source);
            _emit.Import(string.Empty, 2);
            return;
        }

        _emit.LoadConstSmallInt(level);
        var names = ExtractList(pns[1], RuleKind.ImportAsNames);
        foreach (var item in names)
        {
            _emit.LoadConstStr(((NameNode)((RuleNode)item!)[0]!).Name);
        }

        _emit.Build(names.Length, 0);
        DoImportName(source);
        foreach (var item in names)
        {
            var r = (RuleNode)item!;
            var id2 = ((NameNode)r[0]!).Name;
            _emit.Import(id2, 1);
            StoreId(r[1] == null ? id2 : ((NameNode)r[1]!).Name);
        }

        _emit.PopTop();
    }

    private void CompileDeclareGlobal(ParseNode pn, IdInfo id)
    {
        if (id.Kind != IdKind.Undecided && id.Kind != IdKind.GlobalExplicit)
        {
            SyntaxError(pn, "identifier redefined as global");
            return;
        }

        id.Kind = IdKind.GlobalExplicit;
        var g = _scope.FindGlobal(id.Name);
        if (g != null)
        {
            g.Kind = IdKind.GlobalExplicit;
        }
    }

    private void CompileDeclareNonlocal(ParseNode pn, IdInfo id)
    {
        if (id.Kind == IdKind.Undecided)
        {
            id.Kind = IdKind.GlobalImplicit;
            _scope.CheckToCloseOver(id);
            if (id.Kind == IdKind.GlobalImplicit)
            {
                SyntaxError(pn, "no binding for nonlocal found");
            }
        }
        else if (id.Kind != IdKind.Free)
        {
            SyntaxError(pn, "identifier redefined as nonlocal");
        }
    }

    private void CompileGlobalNonlocal(RuleNode pns)
    {
        if (_pass != CompilePass.Scope)
        {
            return;
        }

        var isGlobal = pns.Kind == RuleKind.GlobalStmt;
        if (!isGlobal && _scope.Kind == ScopeKind.Module)
        {
            SyntaxError(pns, "can't declare nonlocal in outer code");
            return;
        }

        foreach (var n in ExtractList(pns[0], RuleKind.NameList))
        {
            var id = _scope.FindOrAdd(((NameNode)n!).Name, IdKind.Undecided);
            if (isGlobal)
            {
                CompileDeclareGlobal(pns, id);
            }
            else
            {
                CompileDeclareNonlocal(pns, id);
            }
        }
    }

    private void CompileAssert(RuleNode pns)
    {
        // Like mpy-cross -O1 and above: asserts are left out.
        if (_optimizationLevel != 0)
        {
            return;
        }

        var lEnd = NextLabel();
        CIfCond(pns[0], true, lEnd);
        _emit.LoadGlobal("AssertionError", true);
        if (pns[1] != null)
        {
            CompileNode(pns[1]);
            _emit.CallFunction(1, 0, 0);
        }

        _emit.RaiseVarargs(1);
        _emit.LabelAssign(lEnd);
    }

    private void CompileIf(RuleNode pns)
    {
        var lEnd = NextLabel();
        if (!Parser.IsConstFalse(pns[0]))
        {
            var lFail = NextLabel();
            CIfCond(pns[0], false, lFail);
            CompileNode(pns[1]);
            if (Parser.IsConstTrue(pns[0]))
            {
                _emit.LabelAssign(lEnd);
                return;
            }

            if (!(pns[2] == null && pns[3] == null))
            {
                _emit.Jump(lEnd);
            }

            _emit.LabelAssign(lFail);
        }

        foreach (var e in ExtractList(pns[2], RuleKind.IfStmtElifList))
        {
            var elif = (RuleNode)e!;
            if (!Parser.IsConstFalse(elif[0]))
            {
                var lFail = NextLabel();
                CIfCond(elif[0], false, lFail);
                CompileNode(elif[1]);
                if (Parser.IsConstTrue(elif[0]))
                {
                    _emit.LabelAssign(lEnd);
                    return;
                }

                _emit.Jump(lEnd);
                _emit.LabelAssign(lFail);
            }
        }

        CompileNode(pns[3]);
        _emit.LabelAssign(lEnd);
    }

    private (int OldBreak, int OldContinue, int OldLevel, int Break, int Continue) StartBreakContinueBlock()
    {
        var saved = (_breakLabel, _continueLabel, _breakContinueExceptLevel);
        var breakLabel = NextLabel();
        var continueLabel = NextLabel();
        _breakLabel = breakLabel;
        _continueLabel = continueLabel;
        _breakContinueExceptLevel = _curExceptLevel;
        return (saved.Item1, saved.Item2, saved.Item3, breakLabel, continueLabel);
    }

    private void EndBreakContinueBlock((int OldBreak, int OldContinue, int OldLevel, int Break, int Continue) b)
    {
        _breakLabel = b.OldBreak;
        _continueLabel = b.OldContinue;
        _breakContinueExceptLevel = b.OldLevel;
    }

    private void CompileWhile(RuleNode pns)
    {
        var b = StartBreakContinueBlock();
        if (!Parser.IsConstFalse(pns[0]))
        {
            var topLabel = NextLabel();
            if (!Parser.IsConstTrue(pns[0]))
            {
                _emit.Jump(b.Continue);
            }

            _emit.LabelAssign(topLabel);
            CompileNode(pns[1]);
            _emit.LabelAssign(b.Continue);
            CIfCond(pns[0], true, topLabel);
        }

        EndBreakContinueBlock(b);
        CompileNode(pns[2]);
        _emit.LabelAssign(b.Break);
    }

    private static bool IsArgKind(ParseNode? pn) => pn is RuleNode r && r.Kind is RuleKind.ArgListStar or RuleKind.ArgListDblStar or RuleKind.Argument;

    private void CompileFor(RuleNode pns)
    {
        if (pns[0] is NameNode && pns[1] is RuleNode it && it.Kind == RuleKind.AtomExprNormal
            && it[0] is NameNode { Name: "range" } && it[1] is RuleNode { Kind: RuleKind.TrailerParen } paren)
        {
            var args = ExtractList(paren[0], RuleKind.ArgList);
            if (args.Length >= 1 && args.Length <= 3)
            {
                var optimize = true;
                ParseNode? start, end, step;
                if (args.Length == 1)
                {
                    start = new SmallIntNode(0);
                    end = args[0];
                    step = new SmallIntNode(1);
                }
                else if (args.Length == 2)
                {
                    start = args[0];
                    end = args[1];
                    step = new SmallIntNode(1);
                }
                else
                {
                    start = args[0];
                    end = args[1];
                    step = args[2];
                    if (!(step is SmallIntNode s) || s.Value == 0)
                    {
                        optimize = false;
                    }
                }

                if (optimize && (IsArgKind(start) || IsArgKind(end)))
                {
                    optimize = false;
                }

                if (optimize)
                {
                    CompileForOptimisedRange(pns[0], start, end, (SmallIntNode)step!, pns[2], pns[3]);
                    return;
                }
            }
        }

        var b = StartBreakContinueBlock();
        _breakLabel |= BytecodeEmitter.BreakFromFor;
        var popLabel = NextLabel();
        CompileNode(pns[1]);
        _emit.GetIter(true);
        _emit.LabelAssign(b.Continue);
        _emit.ForIter(popLabel);
        CAssign(pns[0], AssignKind.Store);
        CompileNode(pns[2]);
        _emit.Jump(b.Continue);
        _emit.LabelAssign(popLabel);
        _emit.ForIterEnd();
        EndBreakContinueBlock(b);
        CompileNode(pns[3]);
        _emit.LabelAssign(b.Break);
    }

    private void CompileForOptimisedRange(ParseNode? pnVar, ParseNode? pnStart, ParseNode? pnEnd, SmallIntNode pnStep, ParseNode? body, ParseNode? orelse)
    {
        var b = StartBreakContinueBlock();
        var topLabel = NextLabel();
        var entryLabel = NextLabel();
        var endOnStack = pnEnd is not SmallIntNode;
        if (endOnStack)
        {
            CompileNode(pnEnd);
        }

        CompileNode(pnStart);
        _emit.Jump(entryLabel);
        _emit.LabelAssign(topLabel);
        _emit.DupTop();
        CAssign(pnVar, AssignKind.Store);
        CompileNode(body);
        _emit.LabelAssign(b.Continue);
        CompileNode(pnStep);
        _emit.BinaryOp(Opcode.BinaryInplaceAdd);
        _emit.LabelAssign(entryLabel);
        if (endOnStack)
        {
            _emit.DupTopTwo();
            _emit.RotTwo();
        }
        else
        {
            _emit.DupTop();
            CompileNode(pnEnd);
        }

        _emit.BinaryOp(pnStep.Value >= 0 ? Opcode.BinaryLess : Opcode.BinaryMore);
        _emit.PopJumpIf(true, topLabel);
        EndBreakContinueBlock(b);
        var endLabel = 0;
        if (orelse != null)
        {
            _emit.PopTop();
            if (endOnStack)
            {
                _emit.PopTop();
            }

            CompileNode(orelse);
            endLabel = NextLabel();
            _emit.Jump(endLabel);
            _emit.AdjustStackSize(1 + (endOnStack ? 1 : 0));
        }

        _emit.LabelAssign(b.Break);
        _emit.PopTop();
        if (endOnStack)
        {
            _emit.PopTop();
        }

        if (orelse != null)
        {
            _emit.LabelAssign(endLabel);
        }
    }

    private void IncreaseExceptLevel(int label, int kind)
    {
        _emit.SetupBlock(label, kind);
        _curExceptLevel++;
        if (_curExceptLevel > _scope.ExcStackSize)
        {
            _scope.ExcStackSize = _curExceptLevel;
        }
    }

    private void DecreaseExceptLevel()
    {
        _curExceptLevel--;
        _emit.EndFinally();
    }

    private void CompileTryExcept(ParseNode? body, ParseNode?[] excepts, ParseNode? orelse)
    {
        var l1 = NextLabel();
        var successLabel = NextLabel();
        IncreaseExceptLevel(l1, 1);
        CompileNode(body);
        _emit.PopExceptJump(successLabel);
        _emit.LabelAssign(l1);
        _emit.StartExceptHandler();
        var l2 = NextLabel();
        for (var i = 0; i < excepts.Length; i++)
        {
            var ex = (RuleNode)excepts[i]!;
            string? local = null;
            var endFinallyLabel = NextLabel();
            if (ex[0] == null)
            {
                if (i + 1 != excepts.Length)
                {
                    SyntaxError(ex, "default 'except' must be last");
                    DecreaseExceptLevel();
                    return;
                }
            }
            else
            {
                var exprNode = ex[0];
                if (exprNode is RuleNode r3 && r3.Kind == RuleKind.TryStmtAsName)
                {
                    exprNode = r3[0];
                    local = ((NameNode)r3[1]!).Name;
                }

                _emit.DupTop();
                CompileNode(exprNode);
                _emit.BinaryOp(Opcode.BinaryExceptionMatch);
                _emit.PopJumpIf(false, endFinallyLabel);
            }

            if (local == null)
            {
                _emit.PopTop();
            }
            else
            {
                StoreId(local);
            }

            var l3 = 0;
            if (local != null)
            {
                l3 = NextLabel();
                IncreaseExceptLevel(l3, 2);
            }

            CompileNode(ex[1]);
            if (local != null)
            {
                _emit.LoadConstTok(TokenKind.KwNone);
                _emit.LabelAssign(l3);
                _emit.AdjustStackSize(1);
                _emit.LoadConstTok(TokenKind.KwNone);
                StoreId(local);
                DeleteId(local);
                _emit.AdjustStackSize(-1);
                DecreaseExceptLevel();
            }

            _emit.PopExceptJump(l2);
            _emit.LabelAssign(endFinallyLabel);
            _emit.AdjustStackSize(1);
        }

        DecreaseExceptLevel();
        _emit.EndExceptHandler();
        _emit.LabelAssign(successLabel);
        CompileNode(orelse);
        _emit.LabelAssign(l2);
    }

    private void CompileTryFinally(ParseNode? body, ParseNode?[] excepts, ParseNode? orelse, ParseNode? fin)
    {
        var lFinally = NextLabel();
        IncreaseExceptLevel(lFinally, 2);
        if (excepts.Length == 0)
        {
            _emit.AdjustStackSize(3);
            CompileNode(body);
            _emit.AdjustStackSize(-3);
        }
        else
        {
            CompileTryExcept(body, excepts, orelse);
        }

        _emit.LoadConstTok(TokenKind.KwNone);
        _emit.LabelAssign(lFinally);
        _emit.AdjustStackSize(1);
        CompileNode(fin);
        _emit.AdjustStackSize(-1);
        DecreaseExceptLevel();
    }

    private void CompileTry(RuleNode pns)
    {
        var second = (RuleNode)pns[1]!;
        if (second.Kind == RuleKind.TryStmtFinally)
        {
            CompileTryFinally(pns[0], Array.Empty<ParseNode?>(), null, second[0]);
        }
        else if (second.Kind == RuleKind.TryStmtExceptAndMore)
        {
            var excepts = ExtractList(second[0], RuleKind.TryStmtExceptList);
            if (second[2] == null)
            {
                CompileTryExcept(pns[0], excepts, second[1]);
            }
            else
            {
                CompileTryFinally(pns[0], excepts, second[1], ((RuleNode)second[2]!)[0]);
            }
        }
        else
        {
            CompileTryExcept(pns[0], ExtractList(second, RuleKind.TryStmtExceptList), null);
        }
    }

    private void CompileWithHelper(ParseNode?[] nodes, int index, ParseNode? body)
    {
        if (index == nodes.Length)
        {
            CompileNode(body);
            return;
        }

        var lEnd = NextLabel();
        if (nodes[index] is RuleNode r && r.Kind == RuleKind.WithItem)
        {
            CompileNode(r[0]);
            IncreaseExceptLevel(lEnd, 0);
            CAssign(r[1], AssignKind.Store);
        }
        else
        {
            CompileNode(nodes[index]);
            IncreaseExceptLevel(lEnd, 0);
            _emit.PopTop();
        }

        CompileWithHelper(nodes, index + 1, body);
        _emit.WithCleanup(lEnd);
        DecreaseExceptLevel();
    }

    private void CompileYieldFrom()
    {
        _emit.GetIter(false);
        _emit.LoadConstTok(TokenKind.KwNone);
        _emit.Yield(1);
    }

    private void CompileAwaitObjectMethod(string method)
    {
        _emit.LoadMethod(method, false);
        _emit.CallMethod(0, 0, 0);
        CompileYieldFrom();
    }

    private void CompileAsyncFor(RuleNode pns)
    {
        var whileElseLabel = NextLabel();
        var tryExceptionLabel = NextLabel();
        var tryElseLabel = NextLabel();
        var tryFinallyLabel = NextLabel();
        CompileNode(pns[1]);
        _emit.LoadMethod("__aiter__", false);
        _emit.CallMethod(0, 0, 0);
        var b = StartBreakContinueBlock();
        _emit.LabelAssign(b.Continue);
        IncreaseExceptLevel(tryExceptionLabel, 1);
        _emit.DupTop();
        CompileAwaitObjectMethod("__anext__");
        CAssign(pns[0], AssignKind.Store);
        _emit.PopExceptJump(tryElseLabel);
        _emit.LabelAssign(tryExceptionLabel);
        _emit.StartExceptHandler();
        _emit.DupTop();
        _emit.LoadGlobal("StopAsyncIteration", true);
        _emit.BinaryOp(Opcode.BinaryExceptionMatch);
        _emit.PopJumpIf(false, tryFinallyLabel);
        _emit.PopTop();
        _emit.PopExceptJump(whileElseLabel);
        _emit.LabelAssign(tryFinallyLabel);
        _emit.AdjustStackSize(1);
        DecreaseExceptLevel();
        _emit.EndExceptHandler();
        _emit.LabelAssign(tryElseLabel);
        CompileNode(pns[2]);
        _emit.Jump(b.Continue);
        EndBreakContinueBlock(b);
        _emit.LabelAssign(whileElseLabel);
        CompileNode(pns[3]);
        _emit.LabelAssign(b.Break);
        _emit.PopTop();
    }

    private void CompileAsyncWithHelper(ParseNode?[] nodes, int index, ParseNode? body)
    {
        if (index == nodes.Length)
        {
            CompileNode(body);
            return;
        }

        var lFinally = NextLabel();
        var lAexitNoExc = NextLabel();
        var lRetUnwindJump = NextLabel();
        var lEnd = NextLabel();
        if (nodes[index] is RuleNode r && r.Kind == RuleKind.WithItem)
        {
            CompileNode(r[0]);
            _emit.DupTop();
            CompileAwaitObjectMethod("__aenter__");
            CAssign(r[1], AssignKind.Store);
        }
        else
        {
            CompileNode(nodes[index]);
            _emit.DupTop();
            CompileAwaitObjectMethod("__aenter__");
            _emit.PopTop();
        }

        IncreaseExceptLevel(lFinally, 2);
        _emit.AdjustStackSize(3);
        CompileAsyncWithHelper(nodes, index + 1, body);
        _emit.AdjustStackSize(-3);
        _emit.LoadConstTok(TokenKind.KwNone);
        _emit.RotTwo();
        _emit.Jump(lAexitNoExc);
        _emit.LabelAssign(lFinally);
        _emit.DupTop();
        _emit.LoadGlobal("BaseException", true);
        _emit.BinaryOp(Opcode.BinaryExceptionMatch);
        _emit.PopJumpIf(false, lRetUnwindJump);
        _emit.DupTop();
        _emit.RotThree();
        _emit.RotTwo();
        _emit.LoadMethod("__aexit__", false);
        _emit.RotThree();
        _emit.RotThree();
        _emit.DupTop();
        _emit.AttrLoad("__class__");
        _emit.RotTwo();
        _emit.LoadConstTok(TokenKind.KwNone);
        _emit.CallMethod(3, 0, 0);
        CompileYieldFrom();
        _emit.PopJumpIf(false, lEnd);
        _emit.PopTop();
        _emit.LoadConstTok(TokenKind.KwNone);
        _emit.Jump(lEnd);
        _emit.AdjustStackSize(2);
        _emit.LabelAssign(lRetUnwindJump);
        _emit.RotThree();
        _emit.RotThree();
        _emit.LabelAssign(lAexitNoExc);
        _emit.LoadMethod("__aexit__", false);
        _emit.LoadConstTok(TokenKind.KwNone);
        _emit.DupTop();
        _emit.DupTop();
        _emit.CallMethod(3, 0, 0);
        CompileYieldFrom();
        _emit.PopTop();
        _emit.AdjustStackSize(-1);
        _emit.LabelAssign(lEnd);
        DecreaseExceptLevel();
    }

    private void CompileAsyncStmt(RuleNode pns)
    {
        var inner = (RuleNode)pns[0]!;
        if (inner.Kind == RuleKind.FuncDef)
        {
            StoreId(CompileFuncDefHelper(inner));
            inner.Scope!.ScopeFlags |= Scope.FlagGenerator;
            return;
        }

        if ((_scope.ScopeFlags & Scope.FlagGenerator) == 0)
        {
            SyntaxError(inner, "async for/with outside async function");
            return;
        }

        if (inner.Kind == RuleKind.ForStmt)
        {
            CompileAsyncFor(inner);
        }
        else
        {
            CompileAsyncWithHelper(ExtractList(inner[0], RuleKind.WithStmtList), 0, inner[1]);
        }
    }

    private void CompileExprStmt(RuleNode pns)
    {
        var rhs = pns[1];
        if (rhs == null)
        {
            var lhs = pns[0];
            if ((lhs != null && lhs is not RuleNode && lhs is not NameNode) || lhs is ConstNode)
            {
                // A constant expression statement emits nothing.
            }
            else
            {
                CompileNode(lhs);
                _emit.PopTop();
            }

            return;
        }

        if (rhs is RuleNode r1)
        {
            if (r1.Kind == RuleKind.AnnAssign)
            {
                if (r1[1] == null)
                {
                    if (_scope.Kind == ScopeKind.Function && pns[0] is NameNode n)
                    {
                        _scope.FindOrAdd(n.Name, IdKind.Local);
                    }

                    return;
                }

                PlainAssign(pns, r1[1]);
                return;
            }

            if (r1.Kind == RuleKind.ExprStmtAugAssign)
            {
                CAssign(pns[0], AssignKind.AugLoad);
                CompileNode(r1[1]);
                var tok = ((TokenNode)r1[0]!).Kind;
                _emit.BinaryOp(Opcode.BinaryInplaceOr + (tok - TokenKind.DelPipeEqual));
                CAssign(pns[0], AssignKind.AugStore);
                return;
            }

            if (r1.Kind == RuleKind.ExprStmtAssignList)
            {
                var last = r1.Count - 1;
                CompileNode(r1[last]);
                if (last > 0)
                {
                    _emit.DupTop();
                }

                CAssign(pns[0], AssignKind.Store);
                for (var i = 0; i < last; i++)
                {
                    if (i + 1 < last)
                    {
                        _emit.DupTop();
                    }

                    CAssign(r1[i], AssignKind.Store);
                }

                return;
            }
        }

        PlainAssign(pns, rhs);
    }

    private void PlainAssign(RuleNode pns, ParseNode? rhs)
    {
        if (rhs is RuleNode r1 && r1.Kind == RuleKind.TestListStarExpr && pns[0] is RuleNode r0 && r0.Kind == RuleKind.TestListStarExpr)
        {
            var n = r0.Count;
            if (n == r1.Count && (n == 2 || n == 3)
                && !IsKind(r0[0], RuleKind.StarExpr) && !IsKind(r0[1], RuleKind.StarExpr)
                && (n == 2 || !IsKind(r0[2], RuleKind.StarExpr)))
            {
                CompileNode(r1[0]);
                CompileNode(r1[1]);
                if (n == 3)
                {
                    CompileNode(r1[2]);
                    _emit.RotThree();
                }

                _emit.RotTwo();
                CAssign(r0[0], AssignKind.Store);
                CAssign(r0[1], AssignKind.Store);
                if (n == 3)
                {
                    CAssign(r0[2], AssignKind.Store);
                }

                return;
            }
        }

        CompileNode(rhs);
        CAssign(pns[0], AssignKind.Store);
    }

    private void CompileTestIfExpr(RuleNode pns)
    {
        var ifElse = (RuleNode)pns[1]!;
        var lFail = NextLabel();
        var lEnd = NextLabel();
        CIfCond(ifElse[0], false, lFail);
        CompileNode(pns[0]);
        _emit.Jump(lEnd);
        _emit.LabelAssign(lFail);
        _emit.AdjustStackSize(-1);
        CompileNode(ifElse[1]);
        _emit.LabelAssign(lEnd);
    }

    private void CompileLambdef(RuleNode pns)
    {
        if (_pass == CompilePass.Scope)
        {
            pns.Scope = NewScope(ScopeKind.Lambda, pns, _scope);
        }

        CompileFuncDefLambdef(pns.Scope!, pns[0], RuleKind.VarArgsList);
    }

    private void CompileNamedExprHelper(ParseNode? pnName, ParseNode? pnExpr)
    {
        if (pnName is not NameNode nameNode)
        {
            SyntaxError(pnName, "can't assign to expression");
            return;
        }

        CompileNode(pnExpr);
        _emit.DupTop();
        var target = nameNode.Name;
        if (_pass == CompilePass.Scope && _scope.IsCompLike)
        {
            var parentId = _scope.Parent!.GetIdForModification(target);
            if (parentId.Kind == IdKind.GlobalExplicit)
            {
                _scope.FindOrAdd(target, IdKind.GlobalExplicit);
            }
            else
            {
                var id = _scope.FindOrAdd(target, IdKind.Undecided);
                var isGlobal = _scope.Parent.Parent == null;
                if (!isGlobal && id.Kind == IdKind.GlobalImplicit)
                {
                    id.Kind = IdKind.Undecided;
                }

                if (isGlobal)
                {
                    CompileDeclareGlobal(pnName, id);
                }
                else
                {
                    CompileDeclareNonlocal(pnName, id);
                }
            }
        }

        StoreId(target);
    }

    private void CompileOrAndTest(RuleNode pns)
    {
        var cond = pns.Kind == RuleKind.OrTest;
        var lEnd = NextLabel();
        for (var i = 0; i < pns.Count; i++)
        {
            CompileNode(pns[i]);
            if (i + 1 < pns.Count)
            {
                _emit.JumpIfOrPop(cond, lEnd);
            }
        }

        _emit.LabelAssign(lEnd);
    }

    private void CompileComparison(RuleNode pns)
    {
        var n = pns.Count;
        CompileNode(pns[0]);
        var multi = n > 3;
        var lFail = 0;
        if (multi)
        {
            lFail = NextLabel();
        }

        for (var i = 1; i + 1 < n; i += 2)
        {
            CompileNode(pns[i + 1]);
            if (i + 2 < n)
            {
                _emit.DupTop();
                _emit.RotThree();
            }

            if (pns[i] is TokenNode t)
            {
                _emit.BinaryOp(t.Kind == TokenKind.KwIn ? Opcode.BinaryIn : Opcode.BinaryLess + (t.Kind - TokenKind.OpLess));
            }
            else
            {
                var op = (RuleNode)pns[i]!;
                if (op.Kind == RuleKind.CompOpNotIn)
                {
                    _emit.BinaryOp(Opcode.BinaryNotIn);
                }
                else
                {
                    _emit.BinaryOp(op[0] == null ? Opcode.BinaryIs : Opcode.BinaryIsNot);
                }
            }

            if (i + 2 < n)
            {
                _emit.JumpIfOrPop(false, lFail);
            }
        }

        if (multi)
        {
            var lEnd = NextLabel();
            _emit.Jump(lEnd);
            _emit.LabelAssign(lFail);
            _emit.AdjustStackSize(1);
            _emit.RotTwo();
            _emit.PopTop();
            _emit.LabelAssign(lEnd);
        }
    }

    private void CompileAtomExprNormal(RuleNode pns)
    {
        CompileNode(pns[0]);
        if (pns[1] == null)
        {
            return;
        }

        var trailers = IsKind(pns[1], RuleKind.AtomExprTrailers) ? ((RuleNode)pns[1]!).Children : new[] { pns[1] };
        var i = 0;
        if (_scope.Kind == ScopeKind.Function && pns[0] is NameNode { Name: "super" }
            && trailers[0] is RuleNode { Kind: RuleKind.TrailerParen } t0 && t0[0] == null)
        {
            LoadId("__class__");
            var found = false;
            foreach (var id in _scope.Ids)
            {
                if ((id.Flags & IdInfo.FlagIsParam) != 0)
                {
                    LoadId(id.Name);
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                SyntaxError(trailers[0], "super() can't find self");
                return;
            }

            if (trailers.Length >= 3 && IsKind(trailers[1], RuleKind.TrailerPeriod) && IsKind(trailers[2], RuleKind.TrailerParen))
            {
                _emit.LoadMethod(((NameNode)((RuleNode)trailers[1]!)[0]!).Name, true);
                CompileTrailerParenHelper(((RuleNode)trailers[2]!)[0], true, 0);
                i = 3;
            }
            else
            {
                _emit.CallFunction(2, 0, 0);
                i = 1;
            }
        }

        for (; i < trailers.Length; i++)
        {
            if (i + 1 < trailers.Length && IsKind(trailers[i], RuleKind.TrailerPeriod) && IsKind(trailers[i + 1], RuleKind.TrailerParen))
            {
                _emit.LoadMethod(((NameNode)((RuleNode)trailers[i]!)[0]!).Name, false);
                CompileTrailerParenHelper(((RuleNode)trailers[i + 1]!)[0], true, 0);
                i++;
            }
            else
            {
                CompileNode(trailers[i]);
            }
        }
    }

    private void CompileTrailerParenHelper(ParseNode? pnArglist, bool isMethodCall, int nPositionalExtra)
    {
        var args = ExtractList(pnArglist, RuleKind.ArgList);
        var nPositional = nPositionalExtra;
        var nKeyword = 0;
        var starFlags = 0;
        long starArgs = 0;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is RuleNode a && a.Kind is RuleKind.ArgListStar or RuleKind.ArgListDblStar or RuleKind.Argument)
            {
                if (a.Kind == RuleKind.ArgListStar)
                {
                    if ((starFlags & 2) != 0)
                    {
                        SyntaxError(a, "* arg after **");
                        return;
                    }

                    // The star-argument bitmap is a small int on the target.
                    if (i >= _smallIntBits - 1)
                    {
                        SyntaxError(a, "too many args");
                        return;
                    }

                    starFlags |= 1;
                    starArgs |= 1L << i;
                    CompileNode(a[0]);
                    nPositional++;
                }
                else if (a.Kind == RuleKind.ArgListDblStar)
                {
                    starFlags |= 2;
                    _emit.LoadNull();
                    CompileNode(a[0]);
                    nKeyword++;
                }
                else if (IsKind(a[1], RuleKind.Argument3))
                {
                    CompileNamedExprHelper(a[0], ((RuleNode)a[1]!)[0]);
                    nPositional++;
                }
                else if (!IsKind(a[1], RuleKind.CompFor))
                {
                    if (a[0] is not NameNode kw)
                    {
                        SyntaxError(a, "LHS of keyword arg must be an id");
                        return;
                    }

                    _emit.LoadConstStr(kw.Name);
                    CompileNode(a[1]);
                    nKeyword++;
                }
                else
                {
                    CompileComprehension(a, ScopeKind.GenExpr);
                    nPositional++;
                }
            }
            else
            {
                if ((starFlags & 2) != 0)
                {
                    SyntaxError(args[i], "positional arg after **");
                    return;
                }

                if (nKeyword > 0)
                {
                    SyntaxError(args[i], "positional arg after keyword arg");
                    return;
                }

                CompileNode(args[i]);
                nPositional++;
            }
        }

        if (starFlags != 0)
        {
            _emit.LoadConstSmallInt(starArgs);
        }

        if (isMethodCall)
        {
            _emit.CallMethod(nPositional, nKeyword, starFlags);
        }
        else
        {
            _emit.CallFunction(nPositional, nKeyword, starFlags);
        }
    }

    private void CompileComprehension(RuleNode pns, ScopeKind kind)
    {
        var compFor = (RuleNode)pns[1]!;
        if (_pass == CompilePass.Scope)
        {
            compFor.Scope = NewScope(kind, pns, _scope);
        }

        var thisScope = compFor.Scope!;
        CloseOverVariablesEtc(thisScope, 0, 0);
        CompileNode(compFor[1]);
        if (kind == ScopeKind.GenExpr)
        {
            _emit.GetIter(false);
        }

        _emit.CallFunction(1, 0, 0);
    }

    private void CompileAtomParen(RuleNode pns)
    {
        if (pns[0] == null)
        {
            _emit.Build(0, 0);
            return;
        }

        var tl = (RuleNode)pns[0]!;
        if (IsCompFor(tl))
        {
            CompileComprehension(tl, ScopeKind.GenExpr);
        }
        else
        {
            CompileGenericTuple(tl);
        }
    }

    private void CompileAtomBracket(RuleNode pns)
    {
        if (pns[0] == null)
        {
            _emit.Build(0, 1);
        }
        else if (IsKind(pns[0], RuleKind.TestListComp))
        {
            var tl = (RuleNode)pns[0]!;
            if (IsCompFor(tl))
            {
                CompileComprehension(tl, ScopeKind.ListComp);
            }
            else
            {
                CompileGenericAllNodes(tl);
                _emit.Build(tl.Count, 1);
            }
        }
        else
        {
            CompileNode(pns[0]);
            _emit.Build(1, 1);
        }
    }

    private void CompileAtomBraceHelper(RuleNode pns, bool createMap)
    {
        var pn = pns[0];
        if (pn == null)
        {
            if (createMap)
            {
                _emit.Build(0, 2);
            }

            return;
        }

        if (pn is RuleNode r)
        {
            if (r.Kind == RuleKind.DictOrSetMakerItem)
            {
                if (createMap)
                {
                    _emit.Build(1, 2);
                }

                CompileNode(pn);
                _emit.StoreMap();
                return;
            }

            if (r.Kind == RuleKind.DictOrSetMaker)
            {
                var r1 = (RuleNode)r[1]!;
                if (r1.Kind == RuleKind.DictOrSetMakerList)
                {
                    var nodes = ExtractList(r1[0], RuleKind.DictOrSetMakerList2);
                    bool isDict;
                    if (IsKind(r[0], RuleKind.DictOrSetMakerItem))
                    {
                        if (createMap)
                        {
                            _emit.Build(1 + nodes.Length, 2);
                        }

                        CompileNode(r[0]);
                        _emit.StoreMap();
                        isDict = true;
                    }
                    else
                    {
                        CompileNode(r[0]);
                        isDict = false;
                    }

                    foreach (var item in nodes)
                    {
                        var isKeyValue = IsKind(item, RuleKind.DictOrSetMakerItem);
                        CompileNode(item);
                        if (isDict)
                        {
                            if (!isKeyValue)
                            {
                                SyntaxError(r, "expecting key:value for dict");
                                return;
                            }

                            _emit.StoreMap();
                        }
                        else if (isKeyValue)
                        {
                            SyntaxError(r, "expecting just a value for set");
                            return;
                        }
                    }

                    if (!isDict)
                    {
                        _emit.Build(1 + nodes.Length, 3);
                    }
                }
                else
                {
                    CompileComprehension(r, IsKind(r[0], RuleKind.DictOrSetMakerItem) ? ScopeKind.DictComp : ScopeKind.SetComp);
                }

                return;
            }
        }

        CompileNode(pn);
        _emit.Build(1, 3);
    }

    private void CompileSubscript(RuleNode pns)
    {
        if (pns.Kind == RuleKind.Subscript2)
        {
            CompileNode(pns[0]);
            pns = (RuleNode)pns[1]!;
        }
        else
        {
            _emit.LoadConstTok(TokenKind.KwNone);
        }

        var pn = pns[0];
        if (pn == null)
        {
            _emit.LoadConstTok(TokenKind.KwNone);
            _emit.Build(2, 4);
        }
        else if (pn is RuleNode r && r.Kind == RuleKind.Subscript3c)
        {
            _emit.LoadConstTok(TokenKind.KwNone);
            if (r[0] == null)
            {
                _emit.Build(2, 4);
            }
            else
            {
                CompileNode(r[0]);
                _emit.Build(3, 4);
            }
        }
        else if (pn is RuleNode d && d.Kind == RuleKind.Subscript3d)
        {
            CompileNode(d[0]);
            var sliceop = (RuleNode)d[1]!;
            if (sliceop[0] == null)
            {
                _emit.Build(2, 4);
            }
            else
            {
                CompileNode(sliceop[0]);
                _emit.Build(3, 4);
            }
        }
        else
        {
            CompileNode(pn);
            _emit.Build(2, 4);
        }
    }

    private void CompileYieldExpr(RuleNode pns)
    {
        if (_scope.Kind != ScopeKind.Function && _scope.Kind != ScopeKind.Lambda)
        {
            SyntaxError(pns, "'yield' outside function");
            return;
        }

        if (pns[0] == null)
        {
            _emit.LoadConstTok(TokenKind.KwNone);
            _emit.Yield(0);
        }
        else if (IsKind(pns[0], RuleKind.YieldArgFrom))
        {
            CompileNode(((RuleNode)pns[0]!)[0]);
            CompileYieldFrom();
        }
        else
        {
            CompileNode(pns[0]);
            _emit.Yield(0);
        }
    }
}
