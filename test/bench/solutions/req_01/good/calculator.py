"""Reference calculator: recursive-descent parser, no eval."""
import sys


class CalculatorError(ValueError):
    pass


def _tokens(text):
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch.isdigit() or ch == ".":
            j = i
            while j < len(text) and (text[j].isdigit() or text[j] == "."):
                j += 1
            try:
                out.append(("num", float(text[i:j])))
            except ValueError:
                raise CalculatorError("invalid syntax")
            i = j
        elif ch in "+-*/()":
            out.append((ch, None))
            i += 1
        else:
            raise CalculatorError(f"unexpected character '{ch}'")
    return out


class _Parser:
    def __init__(self, toks):
        self.toks, self.pos = toks, 0

    def peek(self):
        return self.toks[self.pos][0] if self.pos < len(self.toks) else None

    def take(self):
        tok = self.toks[self.pos]
        self.pos += 1
        return tok

    def expr(self):
        value = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()[0]
            rhs = self.term()
            value = value + rhs if op == "+" else value - rhs
        return value

    def term(self):
        value = self.unary()
        while self.peek() in ("*", "/"):
            op = self.take()[0]
            rhs = self.unary()
            if op == "*":
                value *= rhs
            elif rhs == 0:
                raise CalculatorError("division by zero")
            else:
                value /= rhs
        return value

    def unary(self):
        if self.peek() in ("+", "-"):
            op = self.take()[0]
            v = self.unary()
            return -v if op == "-" else v
        return self.atom()

    def atom(self):
        kind = self.peek()
        if kind == "num":
            return self.take()[1]
        if kind == "(":
            self.take()
            v = self.expr()
            if self.peek() != ")":
                raise CalculatorError("mismatched parentheses" if self.peek() is None else "invalid syntax")
            self.take()
            return v
        raise CalculatorError("invalid syntax")


def evaluate(expression):
    if not expression.strip():
        raise CalculatorError("empty expression")
    toks = _tokens(expression)
    depth = 0
    for kind, _ in toks:
        depth += {"(": 1, ")": -1}.get(kind, 0)
        if depth < 0:
            raise CalculatorError("mismatched parentheses")
    if depth:
        raise CalculatorError("mismatched parentheses")
    p = _Parser(toks)
    value = p.expr()
    if p.pos != len(toks):
        raise CalculatorError("invalid syntax")
    return int(value) if value == int(value) else value


def main(argv):
    if argv:
        try:
            print(evaluate(argv[0]))
            return 0
        except CalculatorError as e:
            print(f"Error: {e}", file=sys.stderr)
            return 1
    tty = sys.stdin.isatty()
    while True:
        if tty:
            print("> ", end="", flush=True)
        line = sys.stdin.readline()
        if not line or line.strip() in ("quit", "exit"):
            return 0
        if not line.strip():
            continue
        try:
            print(evaluate(line))
        except CalculatorError as e:
            print(f"Error: {e}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
