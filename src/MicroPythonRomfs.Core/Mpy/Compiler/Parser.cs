using System.Numerics;
using System.Text;

namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>
/// Recursive-descent parser producing upstream-shaped parse trees: a rule with a single meaningful child collapses into
/// that child, constant expressions are folded, <c>X = const(...)</c> is substituted, and tuples of constants become one
/// constant object, all as upstream's parser does before its compiler sees the tree.
/// </summary>
internal sealed class Parser
{
    private readonly List<Token> _tokens;
    private readonly QstrInterning _interned;
    private readonly Dictionary<string, object> _consts = new(StringComparer.Ordinal);
    private readonly int _smallIntBits;
    private int _pos;
    private int _depth;

    /// <summary>How deeply expressions and blocks may nest; deeper input is refused instead of exhausting the stack.</summary>
    public const int MaxNesting = 400;

    private Parser(List<Token> tokens, QstrInterning interned, int smallIntBits)
    {
        _tokens = tokens;
        _interned = interned;
        _smallIntBits = smallIntBits;
    }

    public static ParseNode? ParseFile(string source, int smallIntBits, int optimizationLevel = 0)
    {
        var tokens = Lexer.Tokenize(source, optimizationLevel);
        var parser = new Parser(tokens, new QstrInterning(), smallIntBits);
        return parser.ParseFileInput();
    }

    private Token Cur => _tokens[_pos];

    private TokenKind Kind => _tokens[_pos].Kind;

    private int Line => _tokens[_pos].Line;

    private TokenKind PeekKind(int n) => _pos + n < _tokens.Count ? _tokens[_pos + n].Kind : TokenKind.End;

    private Token Next()
    {
        var t = _tokens[_pos];
        if (t.Kind != TokenKind.End)
        {
            _pos++;
        }

        return t;
    }

    private bool Accept(TokenKind kind)
    {
        if (Kind == kind)
        {
            Next();
            return true;
        }

        return false;
    }

    private Exception Error()
    {
        var t = Cur;
        if (t.Kind == TokenKind.Indent)
        {
            return new MpySyntaxException("IndentationError", "unexpected indent", t.Line, null);
        }

        if (t.Kind == TokenKind.DedentMismatch)
        {
            return new MpySyntaxException("IndentationError", "unindent doesn't match any outer indent level", t.Line, null);
        }

        return MpySyntaxException.Syntax("invalid syntax", t.Line);
    }

    private void Expect(TokenKind kind)
    {
        if (!Accept(kind))
        {
            throw Error();
        }
    }

    private NameNode ExpectName()
    {
        if (Kind != TokenKind.Name)
        {
            throw Error();
        }

        var name = Next().Text;
        _interned.Add(name);
        return new NameNode(name);
    }

    // ---- tree building helpers -------------------------------------------------------------

    private static ParseNode? ListOrSingle(RuleKind kind, int line, List<ParseNode?> items) =>
        items.Count == 1 ? items[0] : new RuleNode(kind, line, items.ToArray());

    private static ParseNode? AndIdent(RuleKind kind, int line, params ParseNode?[] children)
    {
        ParseNode? only = null;
        var count = 0;
        foreach (var c in children)
        {
            if (c != null)
            {
                count++;
                only = c;
            }
        }

        return count == 1 ? only : new RuleNode(kind, line, children);
    }

    // Mirrors upstream's push_result_rule for the rules that fold: logical and numeric folding, then const tuples.
    private ParseNode? Build(RuleKind kind, int line, List<ParseNode?> args)
    {
        if (kind is RuleKind.OrTest or RuleKind.AndTest)
        {
            var kept = new List<ParseNode?>();
            for (var i = 0; i < args.Count; i++)
            {
                var pn = args[i];
                if (i == args.Count - 1)
                {
                    kept.Add(pn);
                    break;
                }

                if (kind == RuleKind.OrTest)
                {
                    if (IsConstTrue(pn))
                    {
                        kept.Add(pn);
                        break;
                    }

                    if (!IsConstFalse(pn))
                    {
                        kept.Add(pn);
                    }
                }
                else
                {
                    if (IsConstFalse(pn))
                    {
                        kept.Add(pn);
                        break;
                    }

                    if (!IsConstTrue(pn))
                    {
                        kept.Add(pn);
                    }
                }
            }

            if (kept.Count == 1)
            {
                return kept[0];
            }

            args = kept;
        }
        else if (kind == RuleKind.NotTest2)
        {
            if (IsConstFalse(args[0]))
            {
                return new TokenNode(TokenKind.KwTrue);
            }

            if (IsConstTrue(args[0]))
            {
                return new TokenNode(TokenKind.KwFalse);
            }
        }

        var folded = ConstantFolder.TryFold(kind, args);
        if (folded != null)
        {
            return MakeConstOptimised(folded, 0);
        }

        if (kind is RuleKind.TestListStarExpr or RuleKind.TestList or RuleKind.SubscriptList)
        {
            var tuple = TryBuildTuple(args, line);
            if (tuple != null)
            {
                return tuple;
            }
        }

        return new RuleNode(kind, line, args.ToArray());
    }

    private ParseNode? TryBuildTuple(IReadOnlyList<ParseNode?> items, int line)
    {
        var values = new object[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (!IsConst(items[i]))
            {
                return null;
            }

            values[i] = ToObject(items[i]);
        }

        return new ConstNode(new PyTuple(values), line);
    }

    public static bool IsConst(ParseNode? pn) => pn switch
    {
        SmallIntNode => true,
        StringNode => true,
        TokenNode t => t.Kind is TokenKind.KwNone or TokenKind.KwFalse or TokenKind.KwTrue or TokenKind.Ellipsis,
        ConstNode => true,
        RuleNode { Kind: RuleKind.AtomParen } r => r[0] == null,
        _ => false,
    };

    public static object ToObject(ParseNode? pn) => pn switch
    {
        SmallIntNode s => new BigInteger(s.Value),
        StringNode s => s.Value,
        TokenNode { Kind: TokenKind.KwNone } => PyConstant.None,
        TokenNode { Kind: TokenKind.KwFalse } => false,
        TokenNode { Kind: TokenKind.KwTrue } => true,
        TokenNode { Kind: TokenKind.Ellipsis } => PyConstant.Ellipsis,
        ConstNode c => c.Value,
        RuleNode { Kind: RuleKind.AtomParen } => new PyTuple(Array.Empty<object>()),
        _ => throw new InvalidOperationException("not a constant"),
    };

    public static bool IsConstFalse(ParseNode? pn) => IsConst(pn) && !PyConstant.IsTrue(ToObject(pn));

    public static bool IsConstTrue(ParseNode? pn) => IsConst(pn) && PyConstant.IsTrue(ToObject(pn));

    private ParseNode MakeConstOptimised(object value, int line)
    {
        if (value is BigInteger i && FitsSmallInt(i))
        {
            return new SmallIntNode((long)i);
        }

        return new ConstNode(value, line);
    }

    private bool FitsSmallInt(BigInteger i)
    {
        var limit = BigInteger.One << (_smallIntBits - 1);
        return i >= -limit && i < limit;
    }

    // ---- statements ------------------------------------------------------------------------

    private ParseNode? ParseFileInput()
    {
        var line = Line;
        var stmts = new List<ParseNode?>();
        while (Kind != TokenKind.End)
        {
            if (Accept(TokenKind.Newline))
            {
                continue;
            }

            stmts.Add(ParseStmt());
        }

        if (stmts.Count == 0)
        {
            return null;
        }

        return ListOrSingle(RuleKind.FileInput, line, stmts);
    }

    // Every recursive path through the grammar passes one of these; a limit keeps hostile input off the stack.
    private void Enter()
    {
        if (++_depth > MaxNesting)
        {
            throw new MpySyntaxException("RuntimeError", "maximum recursion depth exceeded", Line, null);
        }
    }

    private ParseNode? ParseStmt()
    {
        Enter();
        try
        {
            return ParseStmtInner();
        }
        finally
        {
            _depth--;
        }
    }

    private ParseNode? ParseStmtInner()
    {
        switch (Kind)
        {
            case TokenKind.KwIf: return ParseIf();
            case TokenKind.KwWhile: return ParseWhile();
            case TokenKind.KwFor: return ParseFor();
            case TokenKind.KwTry: return ParseTry();
            case TokenKind.KwWith: return ParseWith();
            case TokenKind.KwDef: return ParseFuncDef();
            case TokenKind.KwClass: return ParseClassDef();
            case TokenKind.OpAt: return ParseDecorated();
            case TokenKind.KwAsync: return ParseAsync();
            default: return ParseSimpleStmt();
        }
    }

    private ParseNode? ParseSimpleStmt()
    {
        var line = Line;
        var items = new List<ParseNode?> { ParseSmallStmt() };
        var trailing = false;
        while (Accept(TokenKind.DelSemicolon))
        {
            trailing = true;
            if (Kind == TokenKind.Newline || Kind == TokenKind.End)
            {
                break;
            }

            trailing = false;
            items.Add(ParseSmallStmt());
        }

        if (!Accept(TokenKind.Newline) && Kind != TokenKind.End)
        {
            throw Error();
        }

        return items.Count == 1 && !trailing ? items[0] : new RuleNode(RuleKind.SimpleStmts, line, items.ToArray());
    }

    private ParseNode? ParseSmallStmt()
    {
        var line = Line;
        switch (Kind)
        {
            case TokenKind.KwPass:
                Next();
                return new RuleNode(RuleKind.PassStmt, line);
            case TokenKind.KwBreak:
                Next();
                return new RuleNode(RuleKind.BreakStmt, line);
            case TokenKind.KwContinue:
                Next();
                return new RuleNode(RuleKind.ContinueStmt, line);
            case TokenKind.KwReturn:
                Next();
                return new RuleNode(RuleKind.ReturnStmt, line, AtStmtEnd() ? null : ParseTestListAsTuple(RuleKind.TestList));
            case TokenKind.KwRaise:
            {
                Next();
                if (AtStmtEnd())
                {
                    return new RuleNode(RuleKind.RaiseStmt, line, new ParseNode?[] { null });
                }

                var argLine = Line;
                var exc = ParseTest();
                ParseNode? cause = null;
                if (Accept(TokenKind.KwFrom))
                {
                    cause = ParseTest();
                }

                return new RuleNode(RuleKind.RaiseStmt, line, AndIdent(RuleKind.RaiseStmtArg, argLine, exc, cause));
            }

            case TokenKind.KwYield:
                return new RuleNode(RuleKind.YieldStmt, line, ParseYieldExpr());
            case TokenKind.KwDel:
                Next();
                return new RuleNode(RuleKind.DelStmt, line, ParseExprList());
            case TokenKind.KwGlobal:
            case TokenKind.KwNonlocal:
            {
                var kind = Next().Kind == TokenKind.KwGlobal ? RuleKind.GlobalStmt : RuleKind.NonlocalStmt;
                var nameLine = Line;
                var names = new List<ParseNode?> { ExpectName() };
                while (Accept(TokenKind.DelComma))
                {
                    names.Add(ExpectName());
                }

                return new RuleNode(kind, line, ListOrSingle(RuleKind.NameList, nameLine, names));
            }

            case TokenKind.KwAssert:
            {
                Next();
                var test = ParseTest();
                ParseNode? msg = null;
                if (Accept(TokenKind.DelComma))
                {
                    msg = ParseTest();
                }

                return new RuleNode(RuleKind.AssertStmt, line, test, msg);
            }

            case TokenKind.KwImport:
                return ParseImportName();
            case TokenKind.KwFrom:
                return ParseImportFrom();
            default:
                return ParseExprStmt();
        }
    }

    private bool AtStmtEnd() => Kind is TokenKind.Newline or TokenKind.DelSemicolon or TokenKind.End;

    private ParseNode? ParseExprStmt()
    {
        var line = Line;
        var lhs = ParseTestListStarExpr();
        ParseNode? rhs = null;
        if (Kind == TokenKind.DelColon)
        {
            var annLine = Line;
            Next();
            var annotation = ParseTest();
            ParseNode? value = null;
            if (Accept(TokenKind.DelEqual))
            {
                value = Kind == TokenKind.KwYield ? ParseYieldExpr() : ParseTestListStarExpr();
            }

            rhs = new RuleNode(RuleKind.AnnAssign, annLine, annotation, value);
        }
        else if (Kind >= TokenKind.DelPipeEqual && Kind <= TokenKind.DelDblStarEqual)
        {
            var augLine = Line;
            var op = new TokenNode(Next().Kind);
            var value = Kind == TokenKind.KwYield ? ParseYieldExpr() : ParseTestListStarExpr();
            rhs = new RuleNode(RuleKind.ExprStmtAugAssign, augLine, op, value);
        }
        else if (Kind == TokenKind.DelEqual)
        {
            var listLine = Line;
            var items = new List<ParseNode?>();
            while (Accept(TokenKind.DelEqual))
            {
                items.Add(Kind == TokenKind.KwYield ? ParseYieldExpr() : ParseTestListStarExpr());
            }

            rhs = ListOrSingle(RuleKind.ExprStmtAssignList, listLine, items);
        }

        // Upstream's const() handling: NAME = const(value).
        if (rhs != null && lhs is NameNode id && rhs is RuleNode { Kind: RuleKind.AtomExprNormal } call
            && call[0] is NameNode { Name: "const" } && call[1] is RuleNode { Kind: RuleKind.TrailerParen } paren)
        {
            var value = paren[0];
            if (!IsConst(value))
            {
                throw MpySyntaxException.Syntax("not a constant", call.Line);
            }

            _consts[id.Name] = ToObject(value);
            if (id.Name.StartsWith("_", StringComparison.Ordinal))
            {
                return new RuleNode(RuleKind.PassStmt, 0);
            }

            rhs = value;
        }

        return new RuleNode(RuleKind.ExprStmt, line, lhs, rhs);
    }

    private ParseNode? ParseImportName()
    {
        var line = Line;
        Next();
        var namesLine = Line;
        var items = new List<ParseNode?> { ParseDottedAsName() };
        while (Accept(TokenKind.DelComma))
        {
            items.Add(ParseDottedAsName());
        }

        return new RuleNode(RuleKind.ImportName, line, ListOrSingle(RuleKind.DottedAsNames, namesLine, items));
    }

    private ParseNode? ParseDottedAsName()
    {
        var line = Line;
        var dotted = ParseDottedName();
        ParseNode? asName = null;
        if (Accept(TokenKind.KwAs))
        {
            asName = ExpectName();
        }

        return AndIdent(RuleKind.DottedAsName, line, dotted, asName);
    }

    private ParseNode? ParseDottedName()
    {
        var line = Line;
        var names = new List<ParseNode?> { ExpectName() };
        while (Accept(TokenKind.DelPeriod))
        {
            names.Add(ExpectName());
        }

        return ListOrSingle(RuleKind.DottedName, line, names);
    }

    private ParseNode? ParseImportFrom()
    {
        var line = Line;
        Next();
        var srcLine = Line;
        var dots = new List<ParseNode?>();
        while (Kind is TokenKind.DelPeriod or TokenKind.Ellipsis)
        {
            dots.Add(new TokenNode(Next().Kind));
        }

        ParseNode? source;
        if (dots.Count == 0)
        {
            source = ParseDottedName();
        }
        else
        {
            var dotsNode = ListOrSingle(RuleKind.OneOrMorePeriodOrEllipsis, srcLine, dots);
            var name = Kind == TokenKind.Name ? ParseDottedName() : null;
            source = AndIdent(RuleKind.ImportFrom2b, srcLine, dotsNode, name);
        }

        Expect(TokenKind.KwImport);
        ParseNode? what;
        if (Kind == TokenKind.OpStar)
        {
            Next();
            what = new TokenNode(TokenKind.OpStar);
        }
        else
        {
            var paren = Accept(TokenKind.DelParenOpen);
            var listLine = Line;
            var items = new List<ParseNode?>();
            var trailing = false;
            while (true)
            {
                var itemLine = Line;
                var n = ExpectName();
                ParseNode? asName = null;
                if (Accept(TokenKind.KwAs))
                {
                    asName = ExpectName();
                }

                items.Add(new RuleNode(RuleKind.ImportAsName, itemLine, n, asName));
                trailing = false;
                if (!Accept(TokenKind.DelComma))
                {
                    break;
                }

                trailing = true;
                if (Kind != TokenKind.Name)
                {
                    break;
                }
            }

            // Upstream's grammar takes a trailing comma here even without parentheses.
            if (paren)
            {
                Expect(TokenKind.DelParenClose);
            }

            what = items.Count == 1 && !trailing ? items[0] : new RuleNode(RuleKind.ImportAsNames, listLine, items.ToArray());
        }

        return new RuleNode(RuleKind.ImportFrom, line, source, what);
    }

    private ParseNode? ParseSuite()
    {
        if (Kind != TokenKind.Newline)
        {
            return ParseSimpleStmt();
        }

        Next();
        if (Kind != TokenKind.Indent)
        {
            throw Error();
        }

        Next();
        var line = Line;
        var stmts = new List<ParseNode?>();
        while (Kind != TokenKind.Dedent && Kind != TokenKind.End)
        {
            stmts.Add(ParseStmt());
        }

        Accept(TokenKind.Dedent);
        return ListOrSingle(RuleKind.SuiteBlockStmts, line, stmts);
    }

    private ParseNode? ParseIf()
    {
        var line = Line;
        Next();
        var cond = ParseNamedExprTest();
        Expect(TokenKind.DelColon);
        var body = ParseSuite();
        var elifLine = Line;
        var elifs = new List<ParseNode?>();
        while (Kind == TokenKind.KwElif)
        {
            var l = Line;
            Next();
            var c = ParseNamedExprTest();
            Expect(TokenKind.DelColon);
            elifs.Add(new RuleNode(RuleKind.IfStmtElif, l, c, ParseSuite()));
        }

        ParseNode? orelse = null;
        if (Accept(TokenKind.KwElse))
        {
            Expect(TokenKind.DelColon);
            orelse = ParseSuite();
        }

        var elifNode = elifs.Count == 0 ? null : ListOrSingle(RuleKind.IfStmtElifList, elifLine, elifs);
        return new RuleNode(RuleKind.IfStmt, line, cond, body, elifNode, orelse);
    }

    private ParseNode? ParseElse()
    {
        if (Accept(TokenKind.KwElse))
        {
            Expect(TokenKind.DelColon);
            return ParseSuite();
        }

        return null;
    }

    private ParseNode? ParseWhile()
    {
        var line = Line;
        Next();
        var cond = ParseNamedExprTest();
        Expect(TokenKind.DelColon);
        var body = ParseSuite();
        return new RuleNode(RuleKind.WhileStmt, line, cond, body, ParseElse());
    }

    private ParseNode? ParseFor()
    {
        var line = Line;
        Next();
        var target = ParseExprList();
        Expect(TokenKind.KwIn);
        var iter = ParseTestListAsTuple(RuleKind.TestList);
        Expect(TokenKind.DelColon);
        var body = ParseSuite();
        return new RuleNode(RuleKind.ForStmt, line, target, iter, body, ParseElse());
    }

    private ParseNode? ParseTry()
    {
        var line = Line;
        Next();
        Expect(TokenKind.DelColon);
        var body = ParseSuite();
        if (Kind == TokenKind.KwFinally)
        {
            var fl = Line;
            Next();
            Expect(TokenKind.DelColon);
            return new RuleNode(RuleKind.TryStmt, line, body, new RuleNode(RuleKind.TryStmtFinally, fl, ParseSuite()));
        }

        var exLine = Line;
        var excepts = new List<ParseNode?>();
        while (Kind == TokenKind.KwExcept)
        {
            var l = Line;
            Next();
            ParseNode? what = null;
            if (Kind != TokenKind.DelColon)
            {
                var al = Line;
                var test = ParseTest();
                ParseNode? asName = null;
                if (Accept(TokenKind.KwAs))
                {
                    asName = ExpectName();
                }

                what = AndIdent(RuleKind.TryStmtAsName, al, test, asName);
            }

            Expect(TokenKind.DelColon);
            excepts.Add(new RuleNode(RuleKind.TryStmtExcept, l, what, ParseSuite()));
        }

        if (excepts.Count == 0)
        {
            throw Error();
        }

        var exceptList = ListOrSingle(RuleKind.TryStmtExceptList, exLine, excepts);
        var orelse = ParseElse();
        ParseNode? fin = null;
        if (Kind == TokenKind.KwFinally)
        {
            var fl = Line;
            Next();
            Expect(TokenKind.DelColon);
            fin = new RuleNode(RuleKind.TryStmtFinally, fl, ParseSuite());
        }

        return new RuleNode(RuleKind.TryStmt, line, body, AndIdent(RuleKind.TryStmtExceptAndMore, exLine, exceptList, orelse, fin));
    }

    private ParseNode? ParseWith()
    {
        var line = Line;
        Next();
        var listLine = Line;
        var items = new List<ParseNode?>();
        do
        {
            var il = Line;
            var expr = ParseTest();
            ParseNode? target = null;
            if (Accept(TokenKind.KwAs))
            {
                target = ParseExpr();
            }

            items.Add(AndIdent(RuleKind.WithItem, il, expr, target));
        }
        while (Accept(TokenKind.DelComma));
        Expect(TokenKind.DelColon);
        return new RuleNode(RuleKind.WithStmt, line, ListOrSingle(RuleKind.WithStmtList, listLine, items), ParseSuite());
    }

    private RuleNode ParseFuncDef()
    {
        var line = Line;
        Expect(TokenKind.KwDef);
        var name = ExpectName();
        Expect(TokenKind.DelParenOpen);
        var parameters = Kind == TokenKind.DelParenClose ? null : ParseArgsList(true);
        Expect(TokenKind.DelParenClose);
        ParseNode? ret = null;
        if (Accept(TokenKind.DelMinusMore))
        {
            ret = ParseTest();
        }

        Expect(TokenKind.DelColon);
        var body = ParseSuite();
        return new RuleNode(RuleKind.FuncDef, line, name, parameters, ret, body, null);
    }

    // typedargslist (def) or varargslist (lambda).
    private ParseNode? ParseArgsList(bool typed)
    {
        var line = Line;
        var items = new List<ParseNode?>();
        var trailing = false;
        var end = typed ? TokenKind.DelParenClose : TokenKind.DelColon;
        while (true)
        {
            var il = Line;
            if (Accept(TokenKind.OpStar))
            {
                ParseNode? star = null;
                if (Kind == TokenKind.Name)
                {
                    var tl = Line;
                    var n = ExpectName();
                    ParseNode? ann = null;
                    if (typed && Accept(TokenKind.DelColon))
                    {
                        ann = ParseTest();
                    }

                    star = typed ? AndIdent(RuleKind.Tfpdef, tl, n, ann) : n;
                }

                items.Add(new RuleNode(typed ? RuleKind.TypedArgsListStar : RuleKind.VarArgsListStar, il, star));
            }
            else if (Accept(TokenKind.OpDblStar))
            {
                var n = ExpectName();
                if (typed)
                {
                    ParseNode? ann = null;
                    if (Accept(TokenKind.DelColon))
                    {
                        ann = ParseTest();
                    }

                    items.Add(new RuleNode(RuleKind.TypedArgsListDblStar, il, n, ann));
                }
                else
                {
                    items.Add(new RuleNode(RuleKind.VarArgsListDblStar, il, n));
                }
            }
            else
            {
                var n = ExpectName();
                ParseNode? ann = null;
                if (typed && Accept(TokenKind.DelColon))
                {
                    ann = ParseTest();
                }

                ParseNode? def = null;
                if (Accept(TokenKind.DelEqual))
                {
                    def = ParseTest();
                }

                items.Add(typed ? AndIdent(RuleKind.TypedArgsListName, il, n, ann, def) : AndIdent(RuleKind.VarArgsListName, il, n, def));
            }

            trailing = false;
            if (!Accept(TokenKind.DelComma))
            {
                break;
            }

            trailing = true;
            if (Kind == end)
            {
                break;
            }
        }

        return items.Count == 1 && !trailing ? items[0] : new RuleNode(typed ? RuleKind.TypedArgsList : RuleKind.VarArgsList, line, items.ToArray());
    }

    private RuleNode ParseClassDef()
    {
        var line = Line;
        Expect(TokenKind.KwClass);
        var name = ExpectName();
        ParseNode? bases = null;
        if (Kind == TokenKind.DelParenOpen)
        {
            var pl = Line;
            Next();
            if (Kind == TokenKind.DelParenClose)
            {
                bases = new RuleNode(RuleKind.ClassDefEmptyParens, pl);
            }
            else
            {
                bases = ParseArgList();
            }

            Expect(TokenKind.DelParenClose);
        }

        Expect(TokenKind.DelColon);
        var body = ParseSuite();
        return new RuleNode(RuleKind.ClassDef, line, name, bases, body, null);
    }

    private ParseNode? ParseDecorated()
    {
        var line = Line;
        var decorators = new List<ParseNode?>();
        while (Kind == TokenKind.OpAt)
        {
            var dl = Line;
            Next();
            var dotted = ParseDottedName();
            ParseNode? args = null;
            if (Kind == TokenKind.DelParenOpen)
            {
                var pl = Line;
                Next();
                var a = Kind == TokenKind.DelParenClose ? null : ParseArgList();
                Expect(TokenKind.DelParenClose);
                args = new RuleNode(RuleKind.TrailerParen, pl, a);
            }

            Expect(TokenKind.Newline);
            decorators.Add(new RuleNode(RuleKind.Decorator, dl, dotted, args));
        }

        ParseNode body;
        var bl = Line;
        if (Kind == TokenKind.KwDef)
        {
            body = ParseFuncDef();
        }
        else if (Kind == TokenKind.KwClass)
        {
            body = ParseClassDef();
        }
        else if (Kind == TokenKind.KwAsync)
        {
            Next();
            body = new RuleNode(RuleKind.AsyncFuncDef, bl, ParseFuncDef());
        }
        else
        {
            throw Error();
        }

        return new RuleNode(RuleKind.Decorated, line, ListOrSingle(RuleKind.Decorators, line, decorators), body);
    }

    private ParseNode? ParseAsync()
    {
        var line = Line;
        Next();
        ParseNode inner = Kind switch
        {
            TokenKind.KwDef => ParseFuncDef(),
            TokenKind.KwWith => ParseWith()!,
            TokenKind.KwFor => ParseFor()!,
            _ => throw Error(),
        };
        return new RuleNode(RuleKind.AsyncStmt, line, inner);
    }

    // ---- expressions -----------------------------------------------------------------------

    private bool StartsExpression() => Kind switch
    {
        TokenKind.Newline or TokenKind.End or TokenKind.DelSemicolon or TokenKind.DelParenClose or TokenKind.DelBracketClose
            or TokenKind.DelBraceClose or TokenKind.DelColon or TokenKind.DelEqual or TokenKind.DelComma or TokenKind.KwIn
            or TokenKind.KwFor or TokenKind.KwIf or TokenKind.KwElse or TokenKind.KwAs or TokenKind.KwFrom => false,
        _ => !(Kind >= TokenKind.DelPipeEqual && Kind <= TokenKind.DelDblStarEqual),
    };

    // testlist_star_expr: (test|star_expr) (',' (test|star_expr))* [','].
    private ParseNode? ParseTestListStarExpr()
    {
        var line = Line;
        var items = new List<ParseNode?> { ParseTestOrStar() };
        var trailing = false;
        while (Accept(TokenKind.DelComma))
        {
            trailing = true;
            if (!StartsExpression())
            {
                break;
            }

            trailing = false;
            items.Add(ParseTestOrStar());
        }

        return items.Count == 1 && !trailing ? items[0] : Build(RuleKind.TestListStarExpr, line, items);
    }

    private ParseNode? ParseTestOrStar() => Kind == TokenKind.OpStar ? ParseStarExpr() : ParseTest();

    private ParseNode? ParseStarExpr()
    {
        var line = Line;
        Expect(TokenKind.OpStar);
        return new RuleNode(RuleKind.StarExpr, line, ParseExpr());
    }

    // testlist: tests only; upstream's grammar has no starred items here (return, yield, for ... in, +=).
    private ParseNode? ParseTestListAsTuple(RuleKind kind)
    {
        var line = Line;
        var items = new List<ParseNode?> { ParseTest() };
        var trailing = false;
        while (Accept(TokenKind.DelComma))
        {
            trailing = true;
            if (!StartsExpression())
            {
                break;
            }

            trailing = false;
            items.Add(ParseTest());
        }

        return items.Count == 1 && !trailing ? items[0] : Build(kind, line, items);
    }

    // exprlist: (expr|star_expr) (',' (expr|star_expr))* [','].
    private ParseNode? ParseExprList()
    {
        var line = Line;
        var items = new List<ParseNode?> { Kind == TokenKind.OpStar ? ParseStarExpr() : ParseExpr() };
        var trailing = false;
        while (Accept(TokenKind.DelComma))
        {
            trailing = true;
            if (!StartsExpression())
            {
                break;
            }

            trailing = false;
            items.Add(Kind == TokenKind.OpStar ? ParseStarExpr() : ParseExpr());
        }

        return items.Count == 1 && !trailing ? items[0] : new RuleNode(RuleKind.ExprList, line, items.ToArray());
    }

    private ParseNode? ParseNamedExprTest()
    {
        var line = Line;
        var test = ParseTest();
        if (Accept(TokenKind.OpAssign))
        {
            return new RuleNode(RuleKind.NamedExprTest, line, test, ParseTest());
        }

        return test;
    }

    private ParseNode? ParseTest()
    {
        Enter();
        try
        {
            return ParseTestInner();
        }
        finally
        {
            _depth--;
        }
    }

    private ParseNode? ParseTestInner()
    {
        if (Kind == TokenKind.KwLambda)
        {
            return ParseLambdef(false);
        }

        var line = Line;
        var body = ParseOrTest();
        if (Kind == TokenKind.KwIf)
        {
            var il = Line;
            Next();
            var cond = ParseOrTest();
            Expect(TokenKind.KwElse);
            var orelse = ParseTest();
            return new RuleNode(RuleKind.TestIfExpr, line, body, new RuleNode(RuleKind.TestIfElse, il, cond, orelse));
        }

        return body;
    }

    private ParseNode? ParseTestNoCond() => Kind == TokenKind.KwLambda ? ParseLambdef(true) : ParseOrTest();

    private ParseNode? ParseLambdef(bool noCond)
    {
        var line = Line;
        Expect(TokenKind.KwLambda);
        var parameters = Kind == TokenKind.DelColon ? null : ParseArgsList(false);
        Expect(TokenKind.DelColon);
        var body = noCond ? ParseTestNoCond() : ParseTest();
        return new RuleNode(RuleKind.Lambdef, line, parameters, body, null);
    }

    private ParseNode? ParseOrTest()
    {
        var line = Line;
        var first = ParseAndTest();
        if (Kind != TokenKind.KwOr)
        {
            return first;
        }

        var items = new List<ParseNode?> { first };
        while (Accept(TokenKind.KwOr))
        {
            items.Add(ParseAndTest());
        }

        return Build(RuleKind.OrTest, line, items);
    }

    private ParseNode? ParseAndTest()
    {
        var line = Line;
        var first = ParseNotTest();
        if (Kind != TokenKind.KwAnd)
        {
            return first;
        }

        var items = new List<ParseNode?> { first };
        while (Accept(TokenKind.KwAnd))
        {
            items.Add(ParseNotTest());
        }

        return Build(RuleKind.AndTest, line, items);
    }

    private ParseNode? ParseNotTest()
    {
        if (Kind == TokenKind.KwNot)
        {
            Enter();
            try
            {
                var line = Line;
                Next();
                return Build(RuleKind.NotTest2, line, new List<ParseNode?> { ParseNotTest() });
            }
            finally
            {
                _depth--;
            }
        }

        return ParseComparison();
    }

    private ParseNode? ParseComparison()
    {
        var line = Line;
        var first = ParseExpr();
        var items = new List<ParseNode?> { first };
        while (true)
        {
            ParseNode? op;
            var ol = Line;
            switch (Kind)
            {
                case TokenKind.OpLess:
                case TokenKind.OpMore:
                case TokenKind.OpDblEqual:
                case TokenKind.OpLessEqual:
                case TokenKind.OpMoreEqual:
                case TokenKind.OpNotEqual:
                case TokenKind.KwIn:
                    op = new TokenNode(Next().Kind);
                    break;
                case TokenKind.KwNot:
                    // Like upstream's parser, "not" here commits to "not in": anything else fails at the next token.
                    Next();
                    Expect(TokenKind.KwIn);
                    op = new RuleNode(RuleKind.CompOpNotIn, ol);
                    break;
                case TokenKind.KwIs:
                    Next();
                    ParseNode? not = null;
                    if (Kind == TokenKind.KwNot)
                    {
                        not = new RuleNode(RuleKind.CompOpIsNot, Line);
                        Next();
                    }

                    op = new RuleNode(RuleKind.CompOpIs, ol, not);
                    break;
                default:
                    op = null;
                    break;
            }

            if (op == null)
            {
                break;
            }

            items.Add(op);
            items.Add(ParseExpr());
        }

        return items.Count == 1 ? first : Build(RuleKind.Comparison, line, items);
    }

    private ParseNode? ParseExpr() => ParseBinaryList(RuleKind.Expr, TokenKind.OpPipe, ParseXorExpr);

    private ParseNode? ParseXorExpr() => ParseBinaryList(RuleKind.XorExpr, TokenKind.OpCaret, ParseAndExpr);

    private ParseNode? ParseAndExpr() => ParseBinaryList(RuleKind.AndExpr, TokenKind.OpAmpersand, ParseShiftExpr);

    private ParseNode? ParseBinaryList(RuleKind kind, TokenKind op, Func<ParseNode?> operand)
    {
        var line = Line;
        var first = operand();
        if (Kind != op)
        {
            return first;
        }

        var items = new List<ParseNode?> { first };
        while (Accept(op))
        {
            items.Add(operand());
        }

        return Build(kind, line, items);
    }

    private ParseNode? ParseShiftExpr() => ParseOpList(RuleKind.ShiftExpr, ParseArithExpr, TokenKind.OpDblLess, TokenKind.OpDblMore);

    private ParseNode? ParseArithExpr() => ParseOpList(RuleKind.ArithExpr, ParseTerm, TokenKind.OpPlus, TokenKind.OpMinus);

    private ParseNode? ParseTerm() => ParseOpList(RuleKind.Term, ParseFactor, TokenKind.OpStar, TokenKind.OpAt, TokenKind.OpSlash, TokenKind.OpPercent, TokenKind.OpDblSlash);

    private ParseNode? ParseOpList(RuleKind kind, Func<ParseNode?> operand, params TokenKind[] ops)
    {
        var line = Line;
        var first = operand();
        if (Array.IndexOf(ops, Kind) < 0)
        {
            return first;
        }

        var items = new List<ParseNode?> { first };
        while (Array.IndexOf(ops, Kind) >= 0)
        {
            items.Add(new TokenNode(Next().Kind));
            items.Add(operand());
        }

        return Build(kind, line, items);
    }

    private ParseNode? ParseFactor()
    {
        if (Kind is TokenKind.OpPlus or TokenKind.OpMinus or TokenKind.OpTilde)
        {
            Enter();
            try
            {
                var line0 = Line;
                var op0 = new TokenNode(Next().Kind);
                var operand0 = ParseFactor();
                return Build(RuleKind.Factor2, line0, new List<ParseNode?> { op0, operand0 });
            }
            finally
            {
                _depth--;
            }
        }

        return ParsePower();
    }

    private ParseNode? ParsePower()
    {
        var line = Line;
        var atom = ParseAtomExpr();
        if (Accept(TokenKind.OpDblStar))
        {
            Enter();
            try
            {
                var exponent = ParseFactor();
                return Build(RuleKind.Power, line, new List<ParseNode?> { atom, exponent });
            }
            finally
            {
                _depth--;
            }
        }

        return atom;
    }

    private ParseNode? ParseAtomExpr()
    {
        Enter();
        try
        {
            return ParseAtomExprInner();
        }
        finally
        {
            _depth--;
        }
    }

    private ParseNode? ParseAtomExprInner()
    {
        var line = Line;
        var isAwait = Accept(TokenKind.KwAwait);
        var atom = ParseAtom();
        var trailersLine = Line;
        var trailers = new List<ParseNode?>();
        while (true)
        {
            var tl = Line;
            if (Kind == TokenKind.DelParenOpen)
            {
                Next();
                var args = Kind == TokenKind.DelParenClose ? null : ParseArgList();
                Expect(TokenKind.DelParenClose);
                trailers.Add(new RuleNode(RuleKind.TrailerParen, tl, args));
            }
            else if (Kind == TokenKind.DelBracketOpen)
            {
                Next();
                var sub = ParseSubscriptList();
                Expect(TokenKind.DelBracketClose);
                trailers.Add(new RuleNode(RuleKind.TrailerBracket, tl, sub));
            }
            else if (Kind == TokenKind.DelPeriod)
            {
                Next();
                trailers.Add(new RuleNode(RuleKind.TrailerPeriod, tl, ExpectName()));
            }
            else
            {
                break;
            }
        }

        // Upstream folds module constants such as math.pi when the name has exactly one attribute trailer.
        if (!isAwait && trailers.Count == 1 && atom is NameNode { Name: "math" } && trailers[0] is RuleNode { Kind: RuleKind.TrailerPeriod } period
            && MathConstant(((NameNode)period[0]!).Name) is double mathValue)
        {
            return new ConstNode(mathValue, 0);
        }

        ParseNode? trailerNode = trailers.Count == 0 ? null : ListOrSingle(RuleKind.AtomExprTrailers, trailersLine, trailers);
        if (isAwait)
        {
            return new RuleNode(RuleKind.AtomExprAwait, line, atom, trailerNode);
        }

        return trailerNode == null ? atom : new RuleNode(RuleKind.AtomExprNormal, line, atom, trailerNode);
    }

    private static double? MathConstant(string name) => name switch
    {
        "pi" => Math.PI,
        "e" => Math.E,
        "tau" => 2 * Math.PI,
        "inf" => double.PositiveInfinity,
        "nan" => double.NaN,
        _ => null,
    };

    private ParseNode? ParseSubscriptList()
    {
        var line = Line;
        var items = new List<ParseNode?> { ParseSubscript() };
        var trailing = false;
        while (Accept(TokenKind.DelComma))
        {
            trailing = true;
            if (Kind == TokenKind.DelBracketClose)
            {
                break;
            }

            trailing = false;
            items.Add(ParseSubscript());
        }

        return items.Count == 1 && !trailing ? items[0] : Build(RuleKind.SubscriptList, line, items);
    }

    private ParseNode? ParseSubscript()
    {
        var line = Line;
        ParseNode? start = null;
        if (Kind != TokenKind.DelColon)
        {
            start = ParseTest();
            if (Kind != TokenKind.DelColon)
            {
                return start;
            }
        }

        var l3 = Line;
        Expect(TokenKind.DelColon);
        ParseNode? rest = null;
        if (Kind == TokenKind.DelColon)
        {
            var lc = Line;
            Next();
            ParseNode? step = Kind is TokenKind.DelComma or TokenKind.DelBracketClose ? null : ParseTest();
            rest = new RuleNode(RuleKind.Subscript3c, lc, step);
        }
        else if (Kind is not (TokenKind.DelComma or TokenKind.DelBracketClose))
        {
            var ld = Line;
            var stop = ParseTest();
            ParseNode? sliceop = null;
            if (Kind == TokenKind.DelColon)
            {
                var ls = Line;
                Next();
                ParseNode? step = Kind is TokenKind.DelComma or TokenKind.DelBracketClose ? null : ParseTest();
                sliceop = new RuleNode(RuleKind.SliceOp, ls, step);
            }

            rest = AndIdent(RuleKind.Subscript3d, ld, stop, sliceop);
        }

        var s3 = new RuleNode(RuleKind.Subscript3, l3, rest);
        return start == null ? s3 : new RuleNode(RuleKind.Subscript2, line, start, s3);
    }

    private ParseNode? ParseArgList()
    {
        var line = Line;
        var items = new List<ParseNode?>();
        var trailing = false;
        while (true)
        {
            var al = Line;
            if (Accept(TokenKind.OpStar))
            {
                items.Add(new RuleNode(RuleKind.ArgListStar, al, ParseTest()));
            }
            else if (Accept(TokenKind.OpDblStar))
            {
                items.Add(new RuleNode(RuleKind.ArgListDblStar, al, ParseTest()));
            }
            else
            {
                var test = ParseTest();
                if (Kind == TokenKind.KwFor)
                {
                    items.Add(new RuleNode(RuleKind.Argument, al, test, ParseCompFor()));
                }
                else if (Kind == TokenKind.OpAssign)
                {
                    var l3 = Line;
                    Next();
                    items.Add(new RuleNode(RuleKind.Argument, al, test, new RuleNode(RuleKind.Argument3, l3, ParseTest())));
                }
                else if (Accept(TokenKind.DelEqual))
                {
                    items.Add(new RuleNode(RuleKind.Argument, al, test, ParseTest()));
                }
                else
                {
                    items.Add(test);
                }
            }

            trailing = false;
            if (!Accept(TokenKind.DelComma))
            {
                break;
            }

            trailing = true;
            if (Kind == TokenKind.DelParenClose)
            {
                break;
            }
        }

        return items.Count == 1 && !trailing ? items[0] : new RuleNode(RuleKind.ArgList, line, items.ToArray());
    }

    private RuleNode ParseCompFor()
    {
        var line = Line;
        Expect(TokenKind.KwFor);
        var target = ParseExprList();
        Expect(TokenKind.KwIn);
        var iter = ParseOrTest();
        return new RuleNode(RuleKind.CompFor, line, target, iter, ParseCompIter(), null);
    }

    private ParseNode? ParseCompIter()
    {
        if (Kind == TokenKind.KwFor)
        {
            return ParseCompFor();
        }

        if (Kind == TokenKind.KwIf)
        {
            var line = Line;
            Next();
            var cond = ParseTestNoCond();
            return new RuleNode(RuleKind.CompIf, line, cond, ParseCompIter());
        }

        return null;
    }

    private RuleNode ParseYieldExpr()
    {
        var line = Line;
        Expect(TokenKind.KwYield);
        if (Kind == TokenKind.KwFrom)
        {
            var fl = Line;
            Next();
            return new RuleNode(RuleKind.YieldExpr, line, new RuleNode(RuleKind.YieldArgFrom, fl, ParseTest()));
        }

        if (!StartsExpression())
        {
            return new RuleNode(RuleKind.YieldExpr, line, new ParseNode?[] { null });
        }

        return new RuleNode(RuleKind.YieldExpr, line, ParseTestListAsTuple(RuleKind.TestList));
    }

    private ParseNode? ParseAtom()
    {
        var t = Cur;
        var line = t.Line;
        switch (t.Kind)
        {
            case TokenKind.Name:
            {
                Next();
                _interned.Add(t.Text);
                if (_consts.TryGetValue(t.Text, out var value))
                {
                    return MakeConstOptimised(value, line);
                }

                return new NameNode(t.Text);
            }

            case TokenKind.Integer:
                Next();
                return MakeConstOptimised(NumberParser.ParseInteger(t.Text, line), line);
            case TokenKind.FloatOrImag:
                Next();
                return new ConstNode(NumberParser.ParseFloat(t.Text, line), line);
            case TokenKind.String:
            {
                Next();
                var s = t.Text;
                if (t.Data!.Length <= 10 || _interned.Contains(s))
                {
                    _interned.Add(s);
                    return new StringNode(s);
                }

                return new ConstNode(s, line);
            }

            case TokenKind.Bytes:
                Next();
                return new ConstNode(new PyBytes(t.Data!), line);
            case TokenKind.Ellipsis:
            case TokenKind.KwNone:
            case TokenKind.KwTrue:
            case TokenKind.KwFalse:
                Next();
                return new TokenNode(t.Kind);
            case TokenKind.DelParenOpen:
                return ParseParen();
            case TokenKind.DelBracketOpen:
                return ParseBracket();
            case TokenKind.DelBraceOpen:
                return ParseBrace();
            default:
                throw Error();
        }
    }

    private ParseNode? ParseParen()
    {
        var line = Line;
        Expect(TokenKind.DelParenOpen);
        if (Accept(TokenKind.DelParenClose))
        {
            return new RuleNode(RuleKind.AtomParen, line, new ParseNode?[] { null });
        }

        if (Kind == TokenKind.KwYield)
        {
            var y = ParseYieldExpr();
            Expect(TokenKind.DelParenClose);
            return y;
        }

        var compLine = Line;
        var first = Kind == TokenKind.OpStar ? ParseStarExpr() : ParseNamedExprTest();
        if (Kind == TokenKind.KwFor)
        {
            var cf = ParseCompFor();
            Expect(TokenKind.DelParenClose);
            return new RuleNode(RuleKind.AtomParen, line, new RuleNode(RuleKind.TestListComp, compLine, first, cf));
        }

        if (Accept(TokenKind.DelParenClose))
        {
            return first;
        }

        var items = new List<ParseNode?> { first };
        while (Accept(TokenKind.DelComma))
        {
            if (Kind == TokenKind.DelParenClose)
            {
                break;
            }

            items.Add(Kind == TokenKind.OpStar ? ParseStarExpr() : ParseNamedExprTest());
        }

        Expect(TokenKind.DelParenClose);
        var tuple = TryBuildTuple(items, compLine);
        if (tuple != null)
        {
            return tuple;
        }

        return new RuleNode(RuleKind.AtomParen, line, new RuleNode(RuleKind.TestListComp, compLine, items.ToArray()));
    }

    private ParseNode? ParseBracket()
    {
        var line = Line;
        Expect(TokenKind.DelBracketOpen);
        if (Accept(TokenKind.DelBracketClose))
        {
            return new RuleNode(RuleKind.AtomBracket, line, new ParseNode?[] { null });
        }

        var compLine = Line;
        var first = Kind == TokenKind.OpStar ? ParseStarExpr() : ParseNamedExprTest();
        if (Kind == TokenKind.KwFor)
        {
            var cf = ParseCompFor();
            Expect(TokenKind.DelBracketClose);
            return new RuleNode(RuleKind.AtomBracket, line, new RuleNode(RuleKind.TestListComp, compLine, first, cf));
        }

        if (Accept(TokenKind.DelBracketClose))
        {
            return new RuleNode(RuleKind.AtomBracket, line, first);
        }

        var items = new List<ParseNode?> { first };
        while (Accept(TokenKind.DelComma))
        {
            if (Kind == TokenKind.DelBracketClose)
            {
                break;
            }

            items.Add(Kind == TokenKind.OpStar ? ParseStarExpr() : ParseNamedExprTest());
        }

        Expect(TokenKind.DelBracketClose);
        return new RuleNode(RuleKind.AtomBracket, line, new RuleNode(RuleKind.TestListComp, compLine, items.ToArray()));
    }

    private ParseNode? ParseBrace()
    {
        var line = Line;
        Expect(TokenKind.DelBraceOpen);
        if (Accept(TokenKind.DelBraceClose))
        {
            return new RuleNode(RuleKind.AtomBrace, line, new ParseNode?[] { null });
        }

        var makerLine = Line;
        var first = ParseDictOrSetItem();
        ParseNode? content;
        if (Kind == TokenKind.KwFor)
        {
            content = new RuleNode(RuleKind.DictOrSetMaker, makerLine, first, ParseCompFor());
        }
        else if (Kind == TokenKind.DelComma)
        {
            var listLine = Line;
            Next();
            var rest = new List<ParseNode?>();
            var trailing = false;
            var restLine = Line;
            while (Kind != TokenKind.DelBraceClose)
            {
                rest.Add(ParseDictOrSetItem());
                trailing = false;
                if (!Accept(TokenKind.DelComma))
                {
                    break;
                }

                trailing = true;
            }

            ParseNode? list2 = rest.Count == 0 ? null : rest.Count == 1 && !trailing ? rest[0] : new RuleNode(RuleKind.DictOrSetMakerList2, restLine, rest.ToArray());
            content = new RuleNode(RuleKind.DictOrSetMaker, makerLine, first, new RuleNode(RuleKind.DictOrSetMakerList, listLine, list2));
        }
        else
        {
            content = first;
        }

        Expect(TokenKind.DelBraceClose);
        return new RuleNode(RuleKind.AtomBrace, line, content);
    }

    private ParseNode? ParseDictOrSetItem()
    {
        var line = Line;
        var key = ParseTest();
        if (Accept(TokenKind.DelColon))
        {
            return new RuleNode(RuleKind.DictOrSetMakerItem, line, key, ParseTest());
        }

        return key;
    }
}
