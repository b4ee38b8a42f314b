; Shared by JavaScript and TypeScript (both files inherit it): functions,
; arrow functions bound to top-level consts, constants, methods, and the nodes
; whose insides are module scope. Arrow functions come first: the earliest
; pattern wins when one declarator matches two patterns.
(program
  (lexical_declaration
    (variable_declarator
      name: (identifier) @name.definition.function
      value: [(arrow_function) (function_expression)]) @definition.function))

(program
  (export_statement
    (lexical_declaration
      (variable_declarator
        name: (identifier) @name.definition.function
        value: [(arrow_function) (function_expression)]) @definition.function)))

; A const holding require(...) is an import, not a constant.
(program
  (lexical_declaration "const"
    (variable_declarator
      name: (identifier) @name.definition.constant
      value: (_) @_value) @definition.constant)
  (#not-match? @_value "^require\\("))

(program
  (export_statement
    (lexical_declaration "const"
      (variable_declarator name: (identifier) @name.definition.constant) @definition.constant)))

(function_declaration
  name: (identifier) @name.definition.function) @definition.function

(generator_function_declaration
  name: (identifier) @name.definition.function) @definition.function

(method_definition
  name: [(property_identifier) (private_property_identifier)] @name.definition.method) @definition.method

; The body of a top-level IIFE (UMD wrappers, compiled namespaces) is module
; scope: the query looks inside it as well.
(program
  (expression_statement
    (call_expression
      function: (parenthesized_expression [(arrow_function) (function_expression)] @scope))))

; An object literal exported whole (module.exports = { ... }, export default
; { ... }): its methods are the module's functions.
(program (expression_statement (assignment_expression right: (object) @scope)))
(program (export_statement value: (object) @scope))
