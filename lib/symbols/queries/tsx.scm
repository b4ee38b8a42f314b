; inherits: typescript
; TSX is TypeScript with JSX, which adds no definitions of its own.
