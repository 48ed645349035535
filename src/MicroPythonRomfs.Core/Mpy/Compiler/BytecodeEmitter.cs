namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>
/// Writes one scope's prelude and bytecode the way upstream's emitbc.c does: variable-length jumps that shrink
/// over repeated emit passes, dead code after unconditional jumps suppressed, the line-number table, and the
/// stack size tracked as a maximum.
/// </summary>
internal sealed class BytecodeEmitter
{
    public const int BreakFromFor = 0x8000;

    private readonly ModuleConstants _module;
    private readonly List<byte> _codeInfo = new();
    private readonly List<byte> _bytecode = new();
    private int[] _labelOffsets = Array.Empty<int>();
    private int _lastSourceLineOffset;
    private int _lastSourceLine;
    private int _nInfoStart;
    private int _nInfo;
    private int _nCell;
    private int _codeInfoSize;
    private int _bytecodeSize;
    private bool _suppress;
    private bool _overflow;
    private Scope _scope = null!;

    public BytecodeEmitter(ModuleConstants module)
    {
        _module = module;
    }

    public CompilePass Pass { get; private set; }

    /// <summary>False at -O3, where upstream stores no line numbers.</summary>
    public bool KeepLineNumbers { get; init; } = true;

    public int StackSize { get; private set; }

    public List<RawCode> Children { get; private set; } = new();

    public void SetMaxLabels(int count)
    {
        if (_labelOffsets.Length < count)
        {
            _labelOffsets = new int[count];
        }
    }

    public void StartPass(CompilePass pass, Scope scope)
    {
        Pass = pass;
        StackSize = 0;
        _suppress = false;
        _scope = scope;
        _lastSourceLineOffset = 0;
        _lastSourceLine = 1;
        _codeInfo.Clear();
        _bytecode.Clear();
        _overflow = false;
        Children = new List<RawCode>();

        var nState = scope.NumLocals + scope.StackSize;
        if (nState == 0)
        {
            nState = 1;
        }

        WritePreludeSignature(nState, scope.ExcStackSize, scope);
        if (pass >= CompilePass.CodeSize)
        {
            WritePreludeSize(_nInfo, _nCell);
        }

        _nInfoStart = _codeInfo.Count;
        WriteCodeInfoQstr(scope.SimpleName);
        for (var i = 0; i < scope.NumPosArgs + scope.NumKwOnlyArgs; i++)
        {
            var name = "*";
            foreach (var id in scope.Ids)
            {
                if ((id.Flags & IdInfo.FlagIsParam) != 0 && id.LocalNum == i)
                {
                    name = id.Name;
                    break;
                }
            }

            WriteCodeInfoQstr(name);
        }
    }

    /// <summary>Ends the pass; false when the emit pass changed size and must run again.</summary>
    public bool EndPass()
    {
        if (Pass == CompilePass.Scope)
        {
            return true;
        }

        _nInfo = _codeInfo.Count - _nInfoStart;
        _nCell = 0;
        foreach (var id in _scope.Ids)
        {
            if (id.Kind == IdKind.Cell)
            {
                _codeInfo.Add((byte)id.LocalNum);
                _nCell++;
            }
        }

        if (Pass == CompilePass.CodeSize)
        {
            _codeInfoSize = _codeInfo.Count;
            _bytecodeSize = _bytecode.Count;
        }
        else if (Pass == CompilePass.Emit)
        {
            if (_codeInfo.Count != _codeInfoSize || _bytecode.Count != _bytecodeSize)
            {
                _codeInfoSize = _codeInfo.Count;
                _bytecodeSize = _bytecode.Count;
                return false;
            }

            if (_overflow)
            {
                throw new MpySyntaxException("RuntimeError", "bytecode overflow", null, null);
            }

            var code = new byte[_codeInfo.Count + _bytecode.Count];
            _codeInfo.CopyTo(code, 0);
            _bytecode.CopyTo(code, _codeInfo.Count);
            _scope.RawCode.Code = code;
            _scope.RawCode.Children = Children;
            _scope.RawCode.Name = _scope.SimpleName;
        }

        return true;
    }

    private void WritePreludeSignature(int s, int e, Scope scope)
    {
        var f = scope.ScopeFlags & 0x0f;
        var a = scope.NumPosArgs;
        var k = scope.NumKwOnlyArgs;
        var d = scope.NumDefPosArgs;
        s -= 1;
        var z = (byte)(((s & 0xf) << 3) | ((e & 1) << 2) | (a & 3));
        s >>= 4;
        e >>= 1;
        a >>= 2;
        while ((s | e | f | a | k | d) != 0)
        {
            _codeInfo.Add((byte)(0x80 | z));
            z = (byte)(((f & 1) << 6) | ((s & 3) << 4) | ((k & 1) << 3) | ((a & 1) << 2) | ((e & 1) << 1) | (d & 1));
            s >>= 2;
            e >>= 1;
            f >>= 1;
            a >>= 1;
            k >>= 1;
            d >>= 1;
        }

        _codeInfo.Add(z);
    }

    private void WritePreludeSize(int i, int c)
    {
        do
        {
            var z = (byte)(((i & 0x3f) << 1) | (c & 1));
            c >>= 1;
            i >>= 6;
            if ((c | i) != 0)
            {
                z |= 0x80;
            }

            _codeInfo.Add(z);
        }
        while ((c | i) != 0);
    }

    public static void EncodeUint(List<byte> output, uint value)
    {
        // Big-endian groups of 7 bits, the high bit set on all but the last.
        var shift = 28;
        while (shift > 0 && (value >> shift) == 0)
        {
            shift -= 7;
        }

        for (; shift > 0; shift -= 7)
        {
            output.Add((byte)(0x80 | ((value >> shift) & 0x7f)));
        }

        output.Add((byte)(value & 0x7f));
    }

    private void WriteCodeInfoQstr(string qstr) => EncodeUint(_codeInfo, (uint)_module.UseQstr(qstr));

    private void WriteBytes(params byte[] bytes)
    {
        if (_suppress)
        {
            return;
        }

        _bytecode.AddRange(bytes);
    }

    private void WriteByte(int stackAdj, byte b)
    {
        AdjustStackSize(stackAdj);
        if (!_suppress)
        {
            _bytecode.Add(b);
        }
    }

    private void WriteByteUint(int stackAdj, byte b, uint value)
    {
        WriteByte(stackAdj, b);
        if (!_suppress)
        {
            EncodeUint(_bytecode, value);
        }
    }

    private void WriteByteInt(int stackAdj, byte b, long num)
    {
        WriteByte(stackAdj, b);
        if (_suppress)
        {
            return;
        }

        var buf = new byte[11];
        var p = buf.Length;
        do
        {
            buf[--p] = (byte)(num & 0x7f);
            num >>= 7;
        }
        while (num != 0 && num != -1);
        if (num == -1 && (buf[p] & 0x40) == 0)
        {
            buf[--p] = 0x7f;
        }
        else if (num == 0 && (buf[p] & 0x40) != 0)
        {
            buf[--p] = 0;
        }

        for (var i = p; i < buf.Length - 1; i++)
        {
            _bytecode.Add((byte)(buf[i] | 0x80));
        }

        _bytecode.Add(buf[buf.Length - 1]);
    }

    private void WriteByteQstr(int stackAdj, byte b, string qstr) => WriteByteUint(stackAdj, b, (uint)_module.UseQstr(qstr));

    private void WriteByteObj(int stackAdj, byte b, object obj) => WriteByteUint(stackAdj, b, (uint)_module.UseObject(obj));

    private void WriteByteChild(int stackAdj, byte b, RawCode rc)
    {
        var index = Children.Count;
        Children.Add(rc);
        WriteByteUint(stackAdj, b, (uint)index);
    }

    private void WriteByteLabel(int stackAdj, byte b, int label)
    {
        AdjustStackSize(stackAdj);
        if (_suppress)
        {
            return;
        }

        var isSigned = b <= Opcode.PopJumpIfFalse;
        var encodingSize = 1;
        long offset = 0;
        if (Pass >= CompilePass.CodeSize)
        {
            offset = _labelOffsets[label] - _bytecode.Count - 2;
            if ((isSigned && offset >= -64 && offset <= 63) || (!isSigned && offset >= 0 && offset <= 127))
            {
                encodingSize = 0;
            }

            offset -= encodingSize;
        }

        _bytecode.Add(b);
        if (encodingSize == 0)
        {
            if (isSigned)
            {
                offset += 0x40;
            }

            _bytecode.Add((byte)offset);
        }
        else
        {
            if (isSigned)
            {
                offset += 0x4000;
            }

            if (Pass == CompilePass.Emit && !(offset >= 0 && offset <= 0x7fff))
            {
                _overflow = true;
            }

            _bytecode.Add((byte)(0x80 | (offset & 0x7f)));
            _bytecode.Add((byte)((offset >> 7) & 0xff));
        }
    }

    public void AdjustStackSize(int delta)
    {
        if (Pass == CompilePass.Scope)
        {
            return;
        }

        StackSize += delta;
        if (StackSize > _scope.StackSize)
        {
            _scope.StackSize = StackSize;
        }
    }

    public void SetSourceLine(int line)
    {
        if (KeepLineNumbers && line > _lastSourceLine)
        {
            var bytesToSkip = _bytecode.Count - _lastSourceLineOffset;
            var linesToSkip = line - _lastSourceLine;
            while (bytesToSkip > 0 || linesToSkip > 0)
            {
                int b, l;
                if (linesToSkip <= 6 || bytesToSkip > 0xf)
                {
                    b = Math.Min(bytesToSkip, 0x1f);
                    l = b < bytesToSkip ? 0 : Math.Min(linesToSkip, 0x3);
                    _codeInfo.Add((byte)(b | (l << 5)));
                }
                else
                {
                    b = Math.Min(bytesToSkip, 0xf);
                    l = Math.Min(linesToSkip, 0x7ff);
                    _codeInfo.Add((byte)(0x80 | b | ((l >> 4) & 0x70)));
                    _codeInfo.Add((byte)(l & 0xff));
                }

                bytesToSkip -= b;
                linesToSkip -= l;
            }

            _lastSourceLineOffset = _bytecode.Count;
            _lastSourceLine = line;
        }
    }

    public void LabelAssign(int label)
    {
        _suppress = false;
        if (Pass == CompilePass.Scope)
        {
            return;
        }

        _labelOffsets[label] = _bytecode.Count;
    }

    public void Import(string qstr, int kind)
    {
        // kind: 0 = name, 1 = from, 2 = star.
        var stackAdj = kind == 1 ? 1 : -1;
        if (kind == 2)
        {
            WriteByte(stackAdj, Opcode.ImportStar);
        }
        else
        {
            WriteByteQstr(stackAdj, (byte)(Opcode.ImportName + kind), qstr);
        }
    }

    public void LoadConstTok(TokenKind tok)
    {
        switch (tok)
        {
            case TokenKind.Ellipsis:
                WriteByteObj(1, Opcode.LoadConstObj, PyConstant.Ellipsis);
                break;
            case TokenKind.KwFalse:
                WriteByte(1, Opcode.LoadConstFalse);
                break;
            case TokenKind.KwNone:
                WriteByte(1, Opcode.LoadConstNone);
                break;
            default:
                WriteByte(1, Opcode.LoadConstTrue);
                break;
        }
    }

    public void LoadConstSmallInt(long value)
    {
        if (value >= -16 && value < 48)
        {
            WriteByte(1, (byte)(Opcode.LoadConstSmallIntMulti + 16 + value));
        }
        else
        {
            WriteByteInt(1, Opcode.LoadConstSmallInt, value);
        }
    }

    public void LoadConstStr(string qstr) => WriteByteQstr(1, Opcode.LoadConstString, qstr);

    public void LoadConstObj(object obj) => WriteByteObj(1, Opcode.LoadConstObj, obj);

    public void LoadNull() => WriteByte(1, Opcode.LoadNull);

    public void LoadLocal(int localNum, bool deref)
    {
        if (!deref && localNum <= 15)
        {
            WriteByte(1, (byte)(Opcode.LoadFastMulti + localNum));
        }
        else
        {
            WriteByteUint(1, deref ? Opcode.LoadDeref : Opcode.LoadFastN, (uint)localNum);
        }
    }

    public void LoadGlobal(string qstr, bool explicitGlobal) => WriteByteQstr(1, explicitGlobal ? Opcode.LoadGlobal : Opcode.LoadName, qstr);

    public void LoadMethod(string qstr, bool isSuper) => WriteByteQstr(isSuper ? -1 : 1, isSuper ? Opcode.LoadSuperMethod : Opcode.LoadMethod, qstr);

    public void LoadBuildClass() => WriteByte(1, Opcode.LoadBuildClass);

    public void SubscrLoad() => WriteByte(-1, Opcode.LoadSubscr);

    public void SubscrStore() => WriteByte(-3, Opcode.StoreSubscr);

    public void SubscrDelete()
    {
        LoadNull();
        RotThree();
        WriteByte(-3, Opcode.StoreSubscr);
    }

    public void AttrLoad(string qstr) => WriteByteQstr(0, Opcode.LoadAttr, qstr);

    public void AttrStore(string qstr) => WriteByteQstr(-2, Opcode.StoreAttr, qstr);

    public void AttrDelete(string qstr)
    {
        LoadNull();
        RotTwo();
        WriteByteQstr(-2, Opcode.StoreAttr, qstr);
    }

    public void StoreLocal(int localNum, bool deref)
    {
        if (!deref && localNum <= 15)
        {
            WriteByte(-1, (byte)(Opcode.StoreFastMulti + localNum));
        }
        else
        {
            WriteByteUint(-1, deref ? Opcode.StoreDeref : Opcode.StoreFastN, (uint)localNum);
        }
    }

    public void StoreGlobal(string qstr, bool explicitGlobal) => WriteByteQstr(-1, explicitGlobal ? Opcode.StoreGlobal : Opcode.StoreName, qstr);

    public void DeleteLocal(int localNum, bool deref) => WriteByteUint(0, deref ? Opcode.DeleteDeref : Opcode.DeleteFast, (uint)localNum);

    public void DeleteGlobal(string qstr, bool explicitGlobal) => WriteByteQstr(0, explicitGlobal ? Opcode.DeleteGlobal : Opcode.DeleteName, qstr);

    public void DupTop() => WriteByte(1, Opcode.DupTop);

    public void DupTopTwo() => WriteByte(2, Opcode.DupTopTwo);

    public void PopTop() => WriteByte(-1, Opcode.PopTop);

    public void RotTwo() => WriteByte(0, Opcode.RotTwo);

    public void RotThree() => WriteByte(0, Opcode.RotThree);

    public void Jump(int label)
    {
        WriteByteLabel(0, Opcode.Jump, label);
        _suppress = true;
    }

    public void PopJumpIf(bool cond, int label) => WriteByteLabel(-1, cond ? Opcode.PopJumpIfTrue : Opcode.PopJumpIfFalse, label);

    public void JumpIfOrPop(bool cond, int label) => WriteByteLabel(-1, cond ? Opcode.JumpIfTrueOrPop : Opcode.JumpIfFalseOrPop, label);

    public void UnwindJump(int label, int exceptDepth)
    {
        if (exceptDepth == 0)
        {
            if ((label & BreakFromFor) != 0)
            {
                WriteBytes(Opcode.PopTop, Opcode.PopTop, Opcode.PopTop, Opcode.PopTop);
            }

            WriteByteLabel(0, Opcode.Jump, label & ~BreakFromFor);
        }
        else
        {
            WriteByteLabel(0, Opcode.UnwindJump, label & ~BreakFromFor);
            WriteBytes((byte)(((label & BreakFromFor) != 0 ? 0x80 : 0) | exceptDepth));
        }

        _suppress = true;
    }

    /// <summary>kind: 0 = with, 1 = except, 2 = finally.</summary>
    public void SetupBlock(int label, int kind) => WriteByteLabel(kind == 0 ? 2 : 0, (byte)(Opcode.SetupWith + kind), label);

    public void WithCleanup(int label)
    {
        LoadConstTok(TokenKind.KwNone);
        LabelAssign(label);
        WriteByte(2, Opcode.WithCleanup);
        AdjustStackSize(-4);
    }

    public void EndFinally() => WriteByte(-1, Opcode.EndFinally);

    public void GetIter(bool useStack) => WriteByte(useStack ? 3 : 0, useStack ? Opcode.GetIterStack : Opcode.GetIter);

    public void ForIter(int label) => WriteByteLabel(1, Opcode.ForIter, label);

    public void ForIterEnd() => AdjustStackSize(-4);

    public void PopExceptJump(int label)
    {
        WriteByteLabel(0, Opcode.PopExceptJump, label);
        _suppress = true;
    }

    public void UnaryOp(int op) => WriteByte(0, (byte)(Opcode.UnaryOpMulti + op));

    public void BinaryOp(int op)
    {
        var invert = false;
        if (op == Opcode.BinaryNotIn)
        {
            invert = true;
            op = Opcode.BinaryIn;
        }
        else if (op == Opcode.BinaryIsNot)
        {
            invert = true;
            op = Opcode.BinaryIs;
        }

        WriteByte(-1, (byte)(Opcode.BinaryOpMulti + op));
        if (invert)
        {
            WriteByte(0, (byte)(Opcode.UnaryOpMulti + Opcode.UnaryNot));
        }
    }

    /// <summary>kind: 0 tuple, 1 list, 2 map, 3 set, 4 slice.</summary>
    public void Build(int count, int kind) => WriteByteUint(kind == 2 ? 1 : 1 - count, (byte)(Opcode.BuildTuple + kind), (uint)count);

    public void StoreMap() => WriteByte(-2, Opcode.StoreMap);

    public void StoreComp(ScopeKind kind, int collectionStackIndex)
    {
        int n, t;
        if (kind == ScopeKind.ListComp)
        {
            n = 0;
            t = 0;
        }
        else if (kind == ScopeKind.DictComp)
        {
            n = 1;
            t = 1;
        }
        else
        {
            n = 0;
            t = 2;
        }

        WriteByteUint(-1 - n, Opcode.StoreComp, (uint)(((collectionStackIndex + n) << 2) | t));
    }

    public void UnpackSequence(int n) => WriteByteUint(-1 + n, Opcode.UnpackSequence, (uint)n);

    public void UnpackEx(int left, int right) => WriteByteUint(-1 + left + right + 1, Opcode.UnpackEx, (uint)(left | (right << 8)));

    public void MakeFunction(Scope scope, int nPosDefaults, int nKwDefaults)
    {
        if (nPosDefaults == 0 && nKwDefaults == 0)
        {
            WriteByteChild(1, Opcode.MakeFunction, scope.RawCode);
        }
        else
        {
            WriteByteChild(-1, Opcode.MakeFunctionDefargs, scope.RawCode);
        }
    }

    public void MakeClosure(Scope scope, int nClosedOver, int nPosDefaults, int nKwDefaults)
    {
        if (nPosDefaults == 0 && nKwDefaults == 0)
        {
            WriteByteChild(-nClosedOver + 1, Opcode.MakeClosure, scope.RawCode);
        }
        else
        {
            WriteByteChild(-2 - nClosedOver + 1, Opcode.MakeClosureDefargs, scope.RawCode);
        }

        WriteBytes((byte)nClosedOver);
    }

    private void CallHelper(int stackAdj, byte baseOp, int nPositional, int nKeyword, int starFlags)
    {
        if (starFlags != 0)
        {
            stackAdj -= nPositional + (2 * nKeyword) + 1;
            WriteByteUint(stackAdj, (byte)(baseOp + 1), (uint)((nKeyword << 8) | nPositional));
        }
        else
        {
            stackAdj -= nPositional + (2 * nKeyword);
            WriteByteUint(stackAdj, baseOp, (uint)((nKeyword << 8) | nPositional));
        }
    }

    public void CallFunction(int nPositional, int nKeyword, int starFlags) => CallHelper(0, Opcode.CallFunction, nPositional, nKeyword, starFlags);

    public void CallMethod(int nPositional, int nKeyword, int starFlags) => CallHelper(-1, Opcode.CallMethod, nPositional, nKeyword, starFlags);

    public void ReturnValue()
    {
        WriteByte(-1, Opcode.ReturnValue);
        _suppress = true;
    }

    public void RaiseVarargs(int nArgs)
    {
        WriteByte(-nArgs, (byte)(Opcode.RaiseLast + nArgs));
        _suppress = true;
    }

    /// <summary>kind: 0 yield value, 1 yield from.</summary>
    public void Yield(int kind)
    {
        WriteByte(-kind, (byte)(Opcode.YieldValue + kind));
        _scope.ScopeFlags |= Scope.FlagGenerator;
    }

    public void StartExceptHandler() => AdjustStackSize(4);

    public void EndExceptHandler() => AdjustStackSize(-3);
}
