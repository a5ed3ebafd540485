# What a script does, read from PowerShell's own parser without running it: every command with the text of
# each of its arguments, every string constant's value, and the parse errors. Two readings of one file that
# give the same summary name the same commands with the same argument values.
using namespace System.Management.Automation.Language

function Get-CoexistAstSummary([string]$Text) {
  $tokens = $null; $errors = $null
  $ast = [Parser]::ParseInput($Text, [ref]$tokens, [ref]$errors)
  [ordered]@{
    errors = @($errors | ForEach-Object { $_.Message })
    commands = @($ast.FindAll({ param($a) $a -is [CommandAst] }, $true) | ForEach-Object { , @($_.GetCommandName()) + @($_.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.Extent.Text }) })
    strings = @($ast.FindAll({ param($a) $a -is [StringConstantExpressionAst] -or $a -is [ExpandableStringExpressionAst] }, $true) | ForEach-Object { $_.GetType().Name.Substring(0, 1) + ':' + $_.Value })
  }
}
