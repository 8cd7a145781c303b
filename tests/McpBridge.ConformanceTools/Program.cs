Console.Error.WriteLine("conformance tools: not implemented yet");
return 1;
