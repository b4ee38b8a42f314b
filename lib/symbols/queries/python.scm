; Python: classes, functions (methods by nesting), module-level constants.
(class_definition
  name: (identifier) @name.definition.class) @definition.class

(function_definition
  name: (identifier) @name.definition.function) @definition.function

(module
  (expression_statement
    (assignment
      left: (identifier) @name.definition.type
      type: (type (identifier) @_alias)) @definition.type)
  (#eq? @_alias "TypeAlias"))

; Only UPPER_CASE module assignments are constants; other globals are noise.
(module
  (expression_statement
    (assignment left: (identifier) @name.definition.constant) @definition.constant)
  (#match? @name.definition.constant "^_*[A-Z][A-Z0-9_]*$"))

; Definitions under a module-level if/try (platform switches, optional
; imports) are module-level too: the query looks inside them as well.
(module [(if_statement) (try_statement)] @scope)
(module
  (if_statement [
    (block [(if_statement) (try_statement)] @scope)
    (elif_clause (block [(if_statement) (try_statement)] @scope))
    (else_clause (block [(if_statement) (try_statement)] @scope))]))
