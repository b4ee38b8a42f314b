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
